using Loop.Actors.Adapters;

namespace Loop.Benchmarks.Load;

/// <summary>
/// The baseline the issue compares against: a probe that opens a new connection every time, as
/// blackbox_exporter does (no pooling, Connection: close). Same classification as HttpAdapter.
/// </summary>
public sealed class ReconnectingHttpAdapter(Uri url) : IAdapter
{
    private static readonly HttpClient Client = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.Zero, MaxConnectionsPerServer = 4096 }) { Timeout = Timeout.InfiniteTimeSpan };

    public async Task<AdapterCallResult> CallAsync(long tick, CancellationToken cancellationToken)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.ConnectionClose = true;
            using var response = await Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            await response.Content.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
            return HttpOutcomeClassifier.Classify(response.StatusCode);
        }
        catch (HttpRequestException ex)
        {
            return new AdapterCallResult(AdapterOutcome.Error, ex.HttpRequestError.ToString());
        }
    }

    public void Dispose()
    {
    }
}
