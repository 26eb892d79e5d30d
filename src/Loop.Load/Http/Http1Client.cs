using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Loop.Load.Scenarios;

namespace Loop.Load.Http;

/// <summary>
/// The load driver's own HTTP/1.1 client for plain http:// targets, as wrk does it: the request encoded once,
/// at most N keep-alive connections, a response read only for its framing. HttpClient costs about twice the
/// CPU per request, and on a shared machine the driver's CPU is taken from the target it measures
/// (benchmarks/RESULTS.md, issue 17). https:// and anything unusual go through <see cref="HttpScenario"/>.
/// </summary>
public sealed class Http1Client : IDisposable
{
    private readonly byte[] _request;
    private readonly EndPoint _endpoint;
    private readonly SemaphoreSlim _slots;
    private readonly ConcurrentStack<Http1Connection> _idle = new();
    private bool _disposed;

    /// <summary>A client for one request, sent again and again.</summary>
    /// <param name="url">An http:// URL.</param>
    /// <param name="method">The method.</param>
    /// <param name="headers">Extra headers (no CR or LF in them).</param>
    /// <param name="body">The body, or null.</param>
    /// <param name="contentType">The body's media type.</param>
    /// <param name="connections">The most connections; calls beyond wait for one, and the wait counts in their latency.</param>
    public Http1Client(Uri url, HttpMethod method, IEnumerable<KeyValuePair<string, string>> headers, byte[]? body, string contentType, int connections)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(connections);
        if (!Supports(url))
        {
            throw new ArgumentException($"Http1Client speaks plain http:// only (got '{url}').", nameof(url));
        }

        // DnsSafeHost is an IPv6 address without its brackets, which IPAddress reads
        _endpoint = IPAddress.TryParse(url.DnsSafeHost, out var address) ? new IPEndPoint(address, url.Port) : new DnsEndPoint(url.IdnHost, url.Port);
        _slots = new SemaphoreSlim(connections, connections);
        _request = Encode(url, method, headers, body, contentType);
    }

    /// <summary>Whether <paramref name="url"/> can go through this client (plain http).</summary>
    /// <param name="url">The URL.</param>
    /// <returns>True for http://.</returns>
    public static bool Supports(Uri url) => url is { IsAbsoluteUri: true } && url.Scheme == Uri.UriSchemeHttp;

    /// <summary>Sends the request once (on an idle connection, a new one, or after waiting for one) and reads the whole answer.</summary>
    /// <param name="timeout">The most the exchange may take, waiting for a connection excluded.</param>
    /// <param name="cancellationToken">Stops a wait for a connection.</param>
    /// <returns>What it came to.</returns>
    public async Task<Response> SendAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_slots.Wait(0))
        {
            await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        try
        {
            for (var attempt = 0; ; attempt++)
            {
                if (!_idle.TryPop(out var connection))
                {
                    using var connect = new CancellationTokenSource(timeout);
                    try
                    {
                        connection = await Http1Connection.OpenAsync(_endpoint, connect.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        return Response.Fail("timeout", $"no connection within {timeout.TotalMilliseconds:0} ms");
                    }
                    catch (SocketException ex)
                    {
                        return Response.Fail(HttpScenario.ReasonOf(ex), ex.Message);
                    }
                }

                var (response, keep, retry) = await connection.ExchangeAsync(_request, timeout).ConfigureAwait(false);
                if (keep && !_disposed)
                {
                    _idle.Push(connection);
                }
                else
                {
                    connection.Dispose();
                }

                // an idle connection the server had closed: once more on a new one, as browsers and HttpClient do
                if (!retry || attempt > 0)
                {
                    return retry ? Response.Fail("connection_reset", "the server closed the connection before answering") : response;
                }
            }
        }
        finally
        {
            _slots.Release();
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _disposed = true;
        while (_idle.TryPop(out var connection))
        {
            connection.Dispose();
        }
    }

    private static byte[] Encode(Uri url, HttpMethod method, IEnumerable<KeyValuePair<string, string>> headers, byte[]? body, string contentType)
    {
        var head = new StringBuilder();
        head.Append(method.Method).Append(' ').Append(url.PathAndQuery).Append(" HTTP/1.1\r\n");
        head.Append("Host: ").Append(url.GetComponents(UriComponents.Host | UriComponents.Port, UriFormat.UriEscaped)).Append("\r\n");
        foreach (var (name, value) in headers)
        {
            if (name.AsSpan().IndexOfAny("\r\n:") >= 0 || value.AsSpan().IndexOfAny('\r', '\n') >= 0)
            {
                throw new ArgumentException($"The header '{name}' has a line break or a colon in its name or a line break in its value.", nameof(headers));
            }

            head.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        if (body is not null)
        {
            head.Append("Content-Type: ").Append(contentType).Append("\r\n");
            head.Append("Content-Length: ").Append(body.Length).Append("\r\n");
        }

        head.Append("\r\n");
        var bytes = Encoding.ASCII.GetBytes(head.ToString());
        return body is null ? bytes : [.. bytes, .. body];
    }
}
