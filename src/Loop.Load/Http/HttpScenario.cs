using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Loop.Load.Scenarios;

namespace Loop.Load.Http;

/// <summary>
/// An HTTP call as a scenario: send a request, read the whole body (counting its bytes), ok on a 2xx or 3xx
/// status. A timeout is a failure with status <c>timeout</c>; a refused or broken connection one with the
/// socket's error (<c>connect_refused</c>...). Latency is the whole exchange, body included.
/// </summary>
public static class HttpScenario
{
    /// <summary>A client for load: keep-alive connections, at most <paramref name="connections"/> to one server (wrk's -c), no cookies, no redirects followed.</summary>
    /// <param name="connections">The most connections to one server; calls beyond wait for one (and that wait is in their latency).</param>
    /// <param name="handler">A handler to start from (TLS settings), or null.</param>
    /// <returns>The client.</returns>
    public static HttpClient Client(int connections, SocketsHttpHandler? handler = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(connections);
        handler ??= new SocketsHttpHandler();
        handler.MaxConnectionsPerServer = connections;
        handler.UseCookies = false;
        handler.AllowAutoRedirect = false;
        handler.PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5);
        handler.AutomaticDecompression = DecompressionMethods.None;
        return new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>One exchange: <paramref name="request"/> through <paramref name="client"/>, at most <paramref name="timeout"/>.</summary>
    /// <param name="client">The client (see <see cref="Client"/>).</param>
    /// <param name="request">The request; disposed here.</param>
    /// <param name="timeout">The most the exchange may take.</param>
    /// <param name="cancellationToken">The run's cancellation.</param>
    /// <returns>What it came to.</returns>
    public static async Task<Response> SendAsync(HttpClient client, HttpRequestMessage request, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(request);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            using (request)
            using (var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false))
            {
                long size = 0;
                var body = await response.Content.ReadAsStreamAsync(deadline.Token).ConfigureAwait(false);
                await using (body.ConfigureAwait(false))
                {
                    int read;
                    while ((read = await body.ReadAsync(buffer, deadline.Token).ConfigureAwait(false)) > 0)
                    {
                        size += read;
                    }
                }

                var code = (int)response.StatusCode;
                var status = code.ToString(CultureInfo.InvariantCulture);
                return code is >= 200 and < 400 ? Response.Ok(status, size) : Response.Fail(status, "HTTP " + status, size);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Response.Fail("timeout", $"no answer within {timeout.TotalMilliseconds:0} ms");
        }
        catch (HttpRequestException ex)
        {
            return Response.Fail(ReasonOf(ex), ex.InnerException?.Message ?? ex.Message);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>A short reason class for a socket's failure, named as the engine's probes name theirs: connect_refused, dns_nxdomain, connection_reset, or socket_ and its error.</summary>
    /// <param name="ex">The failure.</param>
    /// <returns>The class.</returns>
    public static string ReasonOf(SocketException ex)
    {
        ArgumentNullException.ThrowIfNull(ex);
        return ex.SocketErrorCode switch
        {
            SocketError.ConnectionRefused => "connect_refused",
            SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => "dns_nxdomain",
            SocketError.ConnectionReset or SocketError.Shutdown or SocketError.ConnectionAborted => "connection_reset",
            var code => "socket_" + code.ToString().ToLowerInvariant(),
        };
    }

    /// <summary>A short reason class for a failed exchange: connect_refused, dns_nxdomain, connection_reset, connect_error, tls_error or http_error.</summary>
    /// <param name="ex">The failure.</param>
    /// <returns>The class.</returns>
    public static string ReasonOf(HttpRequestException ex)
    {
        ArgumentNullException.ThrowIfNull(ex);
        return ex.InnerException switch
        {
            SocketException socket => ReasonOf(socket),
            IOException => "connection_reset",
            _ => ex.HttpRequestError switch
            {
                HttpRequestError.NameResolutionError => "dns_nxdomain",
                HttpRequestError.ConnectionError => "connect_error",
                HttpRequestError.SecureConnectionError => "tls_error",
                _ => "http_error",
            },
        };
    }
}
