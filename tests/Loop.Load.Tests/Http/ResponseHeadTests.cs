using System.Text;
using Loop.Load.Http;

namespace Loop.Load.Tests.Http;

public sealed class ResponseHeadTests
{
    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 12\r\n\r\n", 200, 12, false, false)]
    [InlineData("HTTP/1.1 503 Busy\r\ntransfer-encoding: chunked\r\n\r\n", 503, -1, true, false)]
    [InlineData("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n", 200, 0, false, true)]
    [InlineData("HTTP/1.0 200 OK\r\nContent-Length: 3\r\n\r\n", 200, 3, false, true)]
    [InlineData("HTTP/1.1 204 No Content\r\n\r\n", 204, 0, false, false)]
    [InlineData("HTTP/1.1 200 OK\r\nServer: x\r\n\r\n", 200, -1, false, true)]
    public void Parse_Head_StatusAndFraming(string head, int status, long length, bool chunked, bool close)
    {
        var parsed = ResponseHead.Parse(Encoding.ASCII.GetBytes(head));

        Assert.Equal(new ResponseHead(status, length, chunked, close), parsed);
    }

    [Theory]
    [InlineData("SSH-2.0-OpenSSH\r\n\r\n")]
    [InlineData("HTTP/1.1 2x0 OK\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n")]
    public void Parse_NotHttp_IsNull(string head)
    {
        Assert.Null(ResponseHead.Parse(Encoding.ASCII.GetBytes(head)));
    }
}
