namespace Loop.Actors.Loop;

/// <summary>How an adapter is restarted (the spec's <c>restart</c> block; DESIGN.md: Supervision and backoff).</summary>
public sealed record RestartPolicy
{
    /// <summary>Gets how many consecutive transient failures (timeout, error) fail the adapter.</summary>
    /// <value>The default value is 3 (the source documents' alert rule).</value>
    public int AfterFailures { get; init; } = 3;

    /// <summary>Gets the first restart delay.</summary>
    /// <value>The default value is 1 s.</value>
    public TimeSpan MinBackoff { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets the cap of the delay.</summary>
    /// <value>The default value is 4 min.</value>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromMinutes(4);

    /// <summary>Gets the random part of the delay.</summary>
    /// <value>The default value is 0.2.</value>
    public double RandomFactor { get; init; } = 0.2;

    /// <summary>Gets how many restarts are made before the adapter is parked.</summary>
    /// <value>The default value is 4 (the durable worker report).</value>
    public int MaxRetries { get; init; } = 4;

    /// <summary>Gets how long an adapter must run without failing for its restart count to reset.</summary>
    /// <value>The default value is 30 s.</value>
    public TimeSpan ResetAfter { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Gets how often a parked adapter gets one trial call (on a fresh actor); the first that succeeds
    /// revives it. Zero: a parked adapter waits for restart_adapter.
    /// </summary>
    /// <value>The default value is 1 min.</value>
    public TimeSpan ReviveEvery { get; init; } = TimeSpan.FromMinutes(1);
}
