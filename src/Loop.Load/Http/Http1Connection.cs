using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Loop.Load.Scenarios;

namespace Loop.Load.Http;

/// <summary>
/// One keep-alive HTTP/1.1 connection of <see cref="Http1Client"/>: sends the pre-encoded request, reads the
/// response head and frames its body (Content-Length, chunked, or to the close), counting bytes, not keeping them.
/// </summary>
internal sealed class Http1Connection : IDisposable
{
    private static readonly string[] StatusTexts = [.. Enumerable.Range(0, 600).Select(static c => c.ToString(CultureInfo.InvariantCulture))];

    private readonly Socket _socket;
    private readonly byte[] _buffer = new byte[16 * 1024];
    private CancellationTokenSource _deadline = new();

    private Http1Connection(Socket socket) => _socket = socket;

    /// <summary>Whether it has carried a request before (a failure right away then means the server closed it while idle).</summary>
    public bool Used { get; private set; }

    public static async Task<Http1Connection> OpenAsync(EndPoint endpoint, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(endpoint, cancellationToken).ConfigureAwait(false);
            return new Http1Connection(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// One exchange. Returns the response, whether the connection can carry another, and whether the request should
    /// be sent again on a new connection (this one was idle and had been closed by the server before any answer).
    /// </summary>
    public async Task<(Response Response, bool Keep, bool Retry)> ExchangeAsync(ReadOnlyMemory<byte> request, TimeSpan timeout)
    {
        var wasUsed = Used;
        Used = true;
        _deadline.CancelAfter(timeout);
        var token = _deadline.Token;
        try
        {
            await _socket.SendAsync(request, SocketFlags.None, token).ConfigureAwait(false);
            var filled = 0;
            int headEnd;
            while ((headEnd = ResponseHead.FindEnd(_buffer.AsSpan(0, filled))) < 0)
            {
                if (filled == _buffer.Length)
                {
                    return (Response.Fail("bad_response", $"a response head longer than {_buffer.Length} bytes"), false, false);
                }

                var read = await _socket.ReceiveAsync(_buffer.AsMemory(filled), SocketFlags.None, token).ConfigureAwait(false);
                if (read == 0)
                {
                    return filled == 0 && wasUsed
                        ? (default, false, true)
                        : (Response.Fail("connection_reset", "the server closed the connection before a whole response head"), false, false);
                }

                filled += read;
            }

            if (ResponseHead.Parse(_buffer.AsSpan(0, headEnd)) is not { } head)
            {
                return (Response.Fail("bad_response", "not an HTTP/1.x response"), false, false);
            }

            var (bodyBytes, complete) = await ReadBodyAsync(head, headEnd, filled, token).ConfigureAwait(false);
            var status = head.StatusCode < StatusTexts.Length ? StatusTexts[head.StatusCode] : head.StatusCode.ToString(CultureInfo.InvariantCulture);
            var size = headEnd + bodyBytes;
            if (!complete)
            {
                return (Response.Fail("connection_reset", "the server closed the connection in the middle of the body", size), false, false);
            }

            var response = head.StatusCode is >= 200 and < 400 ? Response.Ok(status, size) : Response.Fail(status, "HTTP " + status, size);
            return (response, !head.Close && _deadline.TryReset(), false);
        }
        catch (OperationCanceledException)
        {
            return (Response.Fail("timeout", $"no whole answer within {timeout.TotalMilliseconds:0} ms"), false, false);
        }
        catch (SocketException ex)
        {
            return (Response.Fail(HttpScenario.ReasonOf(ex), ex.Message), false, wasUsed && ex.SocketErrorCode is SocketError.ConnectionReset or SocketError.Shutdown);
        }
    }

    public void Dispose()
    {
        _socket.Dispose();
        _deadline.Dispose();
    }

    private async Task<(long Bytes, bool Complete)> ReadBodyAsync(ResponseHead head, int headEnd, int filled, CancellationToken token)
    {
        var already = filled - headEnd;
        if (head.Chunked)
        {
            var chunked = default(ChunkedBody);
            long total = 0;
            var span = (start: headEnd, length: already);
            while (true)
            {
                if (span.length > 0)
                {
                    var used = chunked.Consume(_buffer.AsSpan(span.start, span.length));
                    if (used < 0)
                    {
                        return (total, false);
                    }

                    total += used;
                    if (chunked.IsDone)
                    {
                        return (total, used == span.length); // bytes past the body: the stream is out of step, do not reuse it
                    }
                }

                var read = await _socket.ReceiveAsync(_buffer.AsMemory(), SocketFlags.None, token).ConfigureAwait(false);
                if (read == 0)
                {
                    return (total, false);
                }

                span = (0, read);
            }
        }

        if (head.ContentLength >= 0)
        {
            var left = head.ContentLength - already;
            while (left > 0)
            {
                var read = await _socket.ReceiveAsync(_buffer.AsMemory(), SocketFlags.None, token).ConfigureAwait(false);
                if (read == 0)
                {
                    return (head.ContentLength - left, false);
                }

                left -= read;
            }

            return (head.ContentLength, left == 0);
        }

        // no length: the body runs to the close (the head said the connection will not be kept)
        long bytes = already;
        int n;
        while ((n = await _socket.ReceiveAsync(_buffer.AsMemory(), SocketFlags.None, token).ConfigureAwait(false)) > 0)
        {
            bytes += n;
        }

        return (bytes, true);
    }
}
