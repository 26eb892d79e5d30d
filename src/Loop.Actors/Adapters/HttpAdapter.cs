namespace Loop.Actors.Adapters;

/// <summary>
/// An HTTP probe. All HTTP adapters share one <see cref="SocketsHttpHandler"/>, so a probe reuses a
/// kept-alive connection instead of paying a TCP (and TLS) handshake every tick, which is what
/// blackbox_exporter spends most of its CPU on.
/// </summary>
public sealed class HttpAdapter : IAdapter
{
    private static readonly HttpClient SharedClient = new(
        new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5), // pick up DNS changes now and then
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
            MaxConnectionsPerServer = 256,
            AllowAutoRedirect = false,
            UseCookies = false,
        },
        disposeHandler: false)
    {
        Timeout = Timeout.InfiniteTimeSpan, // each call has its own timeout, through its token
    };

    private readonly HttpAdapterOptions _options;
    private readonly HttpMethod _method;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="options">The settings.</param>
    public HttpAdapter(HttpAdapterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _method = new HttpMethod(options.Method);
    }

    /// <inheritdoc />
    public async Task<AdapterCallResult> CallAsync(long tick, CancellationToken cancellationToken)
    {
        try
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            using var request = new HttpRequestMessage(_method, _options.Url);
            using var response = await SharedClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (_options.Expect is { } expect)
            {
                return await HttpConditions.JudgeAsync(response, expect, started, cancellationToken).ConfigureAwait(false);
            }

            // Read the (small) body so the connection goes back to the pool for the next tick.
            await response.Content.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
            return HttpOutcomeClassifier.Classify(response.StatusCode, _options.ExpectStatus);
        }
        catch (HttpRequestException ex)
        {
            return new AdapterCallResult(AdapterOutcome.Error, ex.HttpRequestError.ToString());
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }
}
