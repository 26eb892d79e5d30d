namespace Loop.Engine.Verify;

/// <summary>The figures of one metrics.csv row that verify judges.</summary>
internal readonly record struct MetricsRow(double JitterMs, double LatencyMs, int Ok, int Timeout, int Error, int Rejected)
{
    /// <summary>Gets the run that wrote the row; null in a file from before runs were told apart.</summary>
    public string? Run { get; init; }

    /// <summary>Gets a value indicating whether the loop was paused for the tick (its latency measured nothing).</summary>
    public bool Paused { get; init; }

    /// <summary>Gets whether the engine counted the tick as an overrun; null in an older file (then: a timeout in it).</summary>
    public bool? Overrun { get; init; }
}
