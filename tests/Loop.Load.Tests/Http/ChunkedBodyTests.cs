using System.Text;
using Loop.Load.Http;

namespace Loop.Load.Tests.Http;

public sealed class ChunkedBodyTests
{
    private const string Body = "5;ext=1\r\nhello\r\n10\r\n0123456789abcdef\r\n0\r\nTrailer: x\r\n\r\n";

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(1000)]
    public void Consume_InPiecesOfAnySize_EndsExactlyAtTheBodysEnd(int piece)
    {
        var bytes = Encoding.ASCII.GetBytes(Body + "HTTP/1.1 200 OK");
        var chunked = default(ChunkedBody);
        var consumed = 0;
        while (!chunked.IsDone)
        {
            var used = chunked.Consume(bytes.AsSpan(consumed, Math.Min(piece, bytes.Length - consumed)));
            Assert.True(used >= 0);
            consumed += used;
        }

        Assert.Equal(Body.Length, consumed);
    }

    [Theory]
    [InlineData("zz\r\n")]
    [InlineData("5\r\nhello!!")]
    [InlineData("5\n")]
    public void Consume_BrokenFraming_IsAnError(string text)
    {
        var chunked = default(ChunkedBody);

        Assert.Equal(-1, chunked.Consume(Encoding.ASCII.GetBytes(text)));
    }
}
