using System.Net;
using System.Net.Sockets;
using System.Text;
using Loop.Actors.Adapters;

namespace Loop.Actors.Tests.Adapters;

/// <summary>The tcp kind against real sockets on loopback: a listener that answers, one that says something else, one that never answers, none at all.</summary>
public sealed class TcpAdapterTests : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);

    public TcpAdapterTests() => _listener.Start();

    private int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    [Fact]
    public async Task Call_SomethingListens_Ok()
    {
        using var adapter = new TcpAdapter(new TcpAdapterOptions { Host = "127.0.0.1", Port = Port });

        var result = await adapter.CallAsync(1, CancellationToken.None);

        Assert.Equal(AdapterOutcome.Ok, result.Outcome);
    }

    [Fact]
    public async Task Call_NothingListens_ErrorConnectRefused()
    {
        var port = Port;
        _listener.Stop();
        using var adapter = new TcpAdapter(new TcpAdapterOptions { Host = "127.0.0.1", Port = port });

        var result = await adapter.CallAsync(1, CancellationToken.None);

        Assert.Equal((AdapterOutcome.Error, "connect_refused"), (result.Outcome, result.Detail));
    }

    [Theory]
    [InlineData("+PONG\r\n", AdapterOutcome.Ok, null)]
    [InlineData("-ERR unknown\r\n", AdapterOutcome.Error, "assert_expect")]
    public async Task Call_SendThenExpect_OkOnlyWhenTheAnswerHoldsIt(string answer, AdapterOutcome outcome, string? detail)
    {
        var received = Serve(answer);
        using var adapter = new TcpAdapter(new TcpAdapterOptions { Host = "localhost", Port = Port, Send = "PING\r\n", Expect = "+PONG" });

        var result = await adapter.CallAsync(1, CancellationToken.None);

        Assert.Equal((outcome, detail), (result.Outcome, result.Detail));
        Assert.Equal("PING\r\n", await received);
    }

    [Fact]
    public async Task Call_PeerNeverAnswers_TheCallsTokenEndsIt()
    {
        using var adapter = new TcpAdapter(new TcpAdapterOptions { Host = "127.0.0.1", Port = Port, Expect = "220 " });
        using var deadline = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        // the loop turns a cancelled call into a timeout (AdapterActor): the adapter must not swallow the token
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => adapter.CallAsync(1, deadline.Token));
    }

    public void Dispose() => _listener.Stop();

    /// <summary>Accepts one connection, reads one line, answers, hangs up; returns what it read.</summary>
    private async Task<string> Serve(string answer)
    {
        using var socket = await _listener.AcceptSocketAsync();
        var buffer = new byte[256];
        var read = await socket.ReceiveAsync(buffer);
        await socket.SendAsync(Encoding.ASCII.GetBytes(answer));
        socket.Shutdown(SocketShutdown.Both);
        return Encoding.ASCII.GetString(buffer, 0, read);
    }
}
