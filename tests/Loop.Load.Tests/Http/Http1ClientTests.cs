using System.Net;
using System.Net.Sockets;
using System.Text;
using Loop.Load.Http;
using Loop.Load.Tests.Support;

namespace Loop.Load.Tests.Http;

/// <summary>The load driver's own HTTP/1.1 client against a real Kestrel target and a raw socket server.</summary>
public sealed class Http1ClientTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    private static Http1Client Client(Uri url, int connections = 4, string method = "GET", byte[]? body = null) =>
        new(url, new HttpMethod(method), [new("X-Load", "loop")], body, "application/json", connections);

    [Fact]
    public async Task SendAsync_ManyCalls_ReusesAtMostItsConnections()
    {
        await using var target = await TargetServer.StartAsync();
        using var client = Client(target.Url("/ok"), connections: 4);

        var responses = await Task.WhenAll(Enumerable.Range(0, 400).Select(_ => client.SendAsync(Timeout, CancellationToken.None)));

        Assert.All(responses, static r => Assert.True(r.IsOk && r.StatusCode == "200", r.Message));
        Assert.InRange(target.Connections, 1, 4);
        Assert.True(target.MaxConcurrent <= 4);
    }

    [Fact]
    public async Task SendAsync_ChunkedBody_ReadToItsEndAndTheConnectionIsKept()
    {
        await using var target = await TargetServer.StartAsync();
        using var client = Client(target.Url("/chunked"), connections: 1);

        var first = await client.SendAsync(Timeout, CancellationToken.None);
        var second = await client.SendAsync(Timeout, CancellationToken.None);

        Assert.True(first.IsOk, first.Message);
        Assert.True(second.IsOk, second.Message);
        Assert.True(first.SizeBytes > 20_011, $"{first.SizeBytes} bytes"); // the body's 20,011 bytes plus head and chunk framing
        Assert.Equal(1, target.Connections);
    }

    [Fact]
    public async Task SendAsync_ConnectionClose_OpensANewConnectionForTheNextCall()
    {
        await using var target = await TargetServer.StartAsync();
        using var client = Client(target.Url("/close"), connections: 1);

        for (var i = 0; i < 3; i++)
        {
            var response = await client.SendAsync(Timeout, CancellationToken.None);
            Assert.True(response.IsOk, response.Message);
        }

        Assert.Equal(3, target.Connections);
    }

    [Fact]
    public async Task SendAsync_StatusAndSlowness_FailWithStatusOrTimeout()
    {
        await using var target = await TargetServer.StartAsync();
        using var failing = Client(target.Url("/fail"), connections: 1);
        using var slow = Client(target.Url("/sleep?ms=2000"), connections: 1);

        var codes = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            codes.Add((await failing.SendAsync(Timeout, CancellationToken.None)).StatusCode);
        }

        var late = await slow.SendAsync(TimeSpan.FromMilliseconds(200), CancellationToken.None);

        Assert.Equal(19, codes.Count(static c => c == "200"));
        Assert.Equal(1, codes.Count(static c => c == "500"));
        Assert.False(late.IsOk);
        Assert.Equal("timeout", late.StatusCode);
    }

    [Fact]
    public async Task SendAsync_NothingListening_ConnectionRefused()
    {
        using var client = Client(new Uri("http://127.0.0.1:1/"));

        var response = await client.SendAsync(Timeout, CancellationToken.None);

        Assert.Equal("connect_refused", response.StatusCode); // named as the engine's probes name it
    }

    [Fact]
    public async Task SendAsync_ServerClosedTheIdleConnection_SentAgainOnANewOne()
    {
        // a server that answers one request per connection and then hangs up without saying so (an idle
        // timeout racing the next request): the pooled connection is dead, and the call must not fail for it
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var requests = new List<string>();
        var serve = Task.Run(async () =>
        {
            for (var i = 0; i < 2; i++)
            {
                using var socket = await listener.AcceptSocketAsync();
                var buffer = new byte[4096];
                var read = await socket.ReceiveAsync(buffer);
                lock (requests)
                {
                    requests.Add(Encoding.ASCII.GetString(buffer, 0, read));
                }

                await socket.SendAsync("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"u8.ToArray());
                await Task.Delay(100);
            }
        });
        using var client = Client(new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/path?q=1"), connections: 1, method: "POST", body: "{}"u8.ToArray());

        var first = await client.SendAsync(Timeout, CancellationToken.None);
        await Task.Delay(300); // the server has hung up by now
        var second = await client.SendAsync(Timeout, CancellationToken.None);
        await serve;

        Assert.True(first.IsOk, first.Message);
        Assert.True(second.IsOk, second.Message);
        Assert.StartsWith("POST /path?q=1 HTTP/1.1\r\nHost: 127.0.0.1:", requests[0], StringComparison.Ordinal);
        Assert.Contains("\r\nX-Load: loop\r\n", requests[0], StringComparison.Ordinal);
        Assert.EndsWith("Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}", requests[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_HeaderWithALineBreak_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => new Http1Client(new Uri("http://127.0.0.1/"), HttpMethod.Get, [new("X-A", "b\r\nEvil: 1")], null, "text/plain", 1));
        Assert.Throws<ArgumentException>(() => new Http1Client(new Uri("https://127.0.0.1/"), HttpMethod.Get, [], null, "text/plain", 1));
    }
}
