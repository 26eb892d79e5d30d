using System.Net.Sockets;
using System.Text;

namespace Loop.Actors.Adapters;

/// <summary>
/// A TCP probe, as blackbox_exporter's tcp module: connect (a new connection each call, which is what is being
/// checked), optionally send a line and read until the expected text arrives. Refused, unreachable or a name
/// that does not resolve is <c>error</c>; no connection or no answer within the call's time is <c>timeout</c>;
/// an answer without the expected text (or a peer that hangs up first) is <c>error</c> with the reason <c>assert_expect</c>.
/// </summary>
public sealed class TcpAdapter(TcpAdapterOptions options) : IAdapter
{
    // An expected text is looked for in the first 64 KiB of the answer: a banner or a reply line, not a stream.
    private const int MaxAnswerBytes = 64 * 1024;

    private readonly TcpAdapterOptions _options = options ?? throw new ArgumentNullException(nameof(options));
    private readonly byte[]? _send = options.Send is null ? null : Encoding.UTF8.GetBytes(options.Send);

    /// <inheritdoc />
    public async Task<AdapterCallResult> CallAsync(long tick, CancellationToken cancellationToken)
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(_options.Host, _options.Port, cancellationToken).ConfigureAwait(false);
            if (_send is not null)
            {
                await socket.SendAsync(_send, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            }

            if (_options.Expect is not { } expect)
            {
                return AdapterCallResult.Ok;
            }

            var answer = new byte[MaxAnswerBytes];
            var filled = 0;
            while (filled < answer.Length)
            {
                var read = await socket.ReceiveAsync(answer.AsMemory(filled), SocketFlags.None, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break; // the peer hung up: what came is all there is
                }

                filled += read;
                if (Encoding.UTF8.GetString(answer, 0, filled).Contains(expect, StringComparison.Ordinal))
                {
                    return AdapterCallResult.Ok;
                }
            }

            return new AdapterCallResult(AdapterOutcome.Error, "assert_expect");
        }
        catch (SocketException ex)
        {
            return new AdapterCallResult(AdapterOutcome.Error, ReasonOf(ex.SocketErrorCode));
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }

    /// <summary>The reason class of a socket failure (bounded: a label value of the results counter).</summary>
    internal static string ReasonOf(SocketError error) => error switch
    {
        SocketError.ConnectionRefused => "connect_refused",
        SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => "dns_nxdomain",
        SocketError.HostUnreachable or SocketError.NetworkUnreachable => "unreachable",
        SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown => "connection_reset",
        SocketError.TimedOut => "timeout",
        _ => "socket_error",
    };
}
