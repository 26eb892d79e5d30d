namespace Loop.Actors.Adapters;

/// <summary>Settings of a <see cref="SyntheticAdapter"/>.</summary>
public sealed record SyntheticAdapterOptions
{
    /// <summary>Gets the mean latency of a call; zero answers at once.</summary>
    public TimeSpan LatencyMean { get; init; }

    /// <summary>Gets the jitter: latency is uniform in mean +/- jitter (never below zero).</summary>
    public TimeSpan LatencyJitter { get; init; }

    /// <summary>Gets the share of calls that end in <see cref="AdapterOutcome.Error"/> (0..1).</summary>
    public double FailureRate { get; init; }

    /// <summary>Gets the share of calls that throw (a crash, 0..1).</summary>
    public double CrashRate { get; init; }

    /// <summary>Gets the seed of the random draws; the same seed gives the same sequence. Null draws a seed.</summary>
    public int? Seed { get; init; }
}
