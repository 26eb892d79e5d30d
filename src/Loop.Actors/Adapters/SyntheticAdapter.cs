namespace Loop.Actors.Adapters;

/// <summary>
/// A check with a configured latency distribution, failure rate and crash rate, for demos, tests and
/// load. Deterministic with a seed: the draws of call n depend only on the seed and n calls before.
/// </summary>
public sealed class SyntheticAdapter : IAdapter
{
    private static readonly Task<AdapterCallResult> OkResult = Task.FromResult(AdapterCallResult.Ok);
    private static readonly Task<AdapterCallResult> ErrorResult = Task.FromResult(new AdapterCallResult(AdapterOutcome.Error, "synthetic failure"));
    private readonly SyntheticAdapterOptions _options;
    private readonly Random _random;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="options">The settings.</param>
    public SyntheticAdapter(SyntheticAdapterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _random = options.Seed is { } seed ? new Random(seed) : new Random();
    }

    /// <inheritdoc />
    public Task<AdapterCallResult> CallAsync(long tick, CancellationToken cancellationToken)
    {
        // Draw everything up front so the sequence does not depend on timing.
        var crash = _options.CrashRate > 0 && _random.NextDouble() < _options.CrashRate;
        var fail = _options.FailureRate > 0 && _random.NextDouble() < _options.FailureRate;
        var latency = _options.LatencyMean;
        if (_options.LatencyJitter > TimeSpan.Zero)
        {
            latency += _options.LatencyJitter * ((_random.NextDouble() * 2) - 1);
        }

        if (crash)
        {
            throw new SyntheticCrashException($"synthetic crash at tick {tick}");
        }

        var result = fail ? ErrorResult : OkResult;
        return latency <= TimeSpan.Zero ? result : DelayThen(latency, result, cancellationToken);
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private static async Task<AdapterCallResult> DelayThen(TimeSpan latency, Task<AdapterCallResult> result, CancellationToken cancellationToken)
    {
        await Task.Delay(latency, cancellationToken).ConfigureAwait(false);
        return await result.ConfigureAwait(false);
    }
}
