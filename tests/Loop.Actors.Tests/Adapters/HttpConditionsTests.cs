using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Loop.Actors.Adapters;

namespace Loop.Actors.Tests.Adapters;

/// <summary>An http adapter's conditions against a real socket serving one canned answer per connection.</summary>
public sealed class HttpConditionsTests : IDisposable
{
    private const string Health = """{"status":"up","checks":[{"name":"db","ms":12}],"ok":true}""";
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);

    public HttpConditionsTests() => _listener.Start();

    public static TheoryData<string, HttpExpectations, AdapterOutcome, string?> Cases => new()
    {
        { "200 OK", new HttpExpectations { Status = [200, 204] }, AdapterOutcome.Ok, null },
        { "204 No Content", new HttpExpectations { Status = [200, 204] }, AdapterOutcome.Ok, null },
        { "503 Busy", new HttpExpectations { Status = [200, 204] }, AdapterOutcome.Error, "status_503" },
        { "404 Gone", new HttpExpectations { Status = [200] }, AdapterOutcome.Rejected, "status_404" },
        { "202 Accepted", new HttpExpectations { Status = [200] }, AdapterOutcome.Error, "status_202" },
        { "200 OK", new HttpExpectations { BodyContains = "\"up\"" }, AdapterOutcome.Ok, null },
        { "200 OK", new HttpExpectations { BodyContains = "down" }, AdapterOutcome.Error, "assert_body" },
        { "200 OK", new HttpExpectations { BodyRegex = new Regex("\"ms\":[0-9]{1,2}\\b", RegexOptions.None, TimeSpan.FromMilliseconds(100)) }, AdapterOutcome.Ok, null },
        { "200 OK", new HttpExpectations { BodyRegex = new Regex("\"ms\":[0-9]{3,}", RegexOptions.None, TimeSpan.FromMilliseconds(100)) }, AdapterOutcome.Error, "assert_body" },
        { "200 OK", new HttpExpectations { Json = [new("$.status", "up"), new("$.checks[0].ms", "12.0"), new("$.ok", "true")] }, AdapterOutcome.Ok, null },
        { "200 OK", new HttpExpectations { Json = [new("$.checks[1].name", "db")] }, AdapterOutcome.Error, "assert_json" },
        { "200 OK", new HttpExpectations { Header = "X-Version" }, AdapterOutcome.Ok, null },
        { "200 OK", new HttpExpectations { Header = "X-Missing" }, AdapterOutcome.Error, "assert_header" },
        { "200 OK", new HttpExpectations { MaxTime = TimeSpan.FromSeconds(5) }, AdapterOutcome.Ok, null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Call_Conditions_FirstFailingOneNamesTheReason(string status, HttpExpectations expect, AdapterOutcome outcome, string? reason)
    {
        var serve = Serve(status, delay: TimeSpan.Zero);
        using var adapter = new HttpAdapter(new HttpAdapterOptions { Url = Url, Expect = expect });

        var result = await adapter.CallAsync(1, CancellationToken.None);
        await serve;

        Assert.Equal((outcome, reason), (result.Outcome, result.Detail));
    }

    [Fact]
    public async Task Call_SlowerThanMaxMs_ErrorAssertTime()
    {
        var serve = Serve("200 OK", delay: TimeSpan.FromMilliseconds(300));
        using var adapter = new HttpAdapter(new HttpAdapterOptions { Url = Url, Expect = new HttpExpectations { MaxTime = TimeSpan.FromMilliseconds(100) } });

        var result = await adapter.CallAsync(1, CancellationToken.None);
        await serve;

        Assert.Equal((AdapterOutcome.Error, "assert_time"), (result.Outcome, result.Detail));
    }

    [Theory]
    [InlineData("$.status", true)]
    [InlineData("$.checks[0].name", true)]
    [InlineData("$", true)]
    [InlineData("status", false)]
    [InlineData("$..status", false)]
    [InlineData("$.checks[x]", false)]
    public void JsonPath_IsValid_DollarThenNamesAndIndexes(string path, bool valid) => Assert.Equal(valid, JsonPath.IsValid(path));

    public void Dispose() => _listener.Stop();

    private Uri Url => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/health");

    /// <summary>Answers one request with <paramref name="status"/> and the health body, after <paramref name="delay"/>, then closes.</summary>
    private async Task Serve(string status, TimeSpan delay)
    {
        using var socket = await _listener.AcceptSocketAsync();
        var buffer = new byte[4096];
        _ = await socket.ReceiveAsync(buffer);
        await Task.Delay(delay);
        var body = status.StartsWith("204", StringComparison.Ordinal) ? string.Empty : Health;
        var answer = $"HTTP/1.1 {status}\r\nContent-Type: application/json\r\nX-Version: 7\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\nConnection: close\r\n\r\n{body}";
        await socket.SendAsync(Encoding.UTF8.GetBytes(answer));
        socket.Shutdown(SocketShutdown.Both);
    }
}
