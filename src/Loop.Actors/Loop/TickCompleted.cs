namespace Loop.Actors.Loop;

/// <summary>Published on the event stream when a tick completes: one row of logs/metrics.csv.</summary>
/// <param name="Tick">The tick number (from 1).</param>
/// <param name="Due">When the tick was due (start + n * interval).</param>
/// <param name="Completed">When it completed.</param>
/// <param name="JitterMs">Actual start minus due time.</param>
/// <param name="LatencyMs">Completion minus due time (loop latency).</param>
/// <param name="Adapters">Adapters in the tick.</param>
/// <param name="Ok">Results ok.</param>
/// <param name="Timeout">Results timeout (including no answer by the deadline).</param>
/// <param name="Error">Results error.</param>
/// <param name="Rejected">Results rejected.</param>
/// <param name="Skipped">Adapters skipped.</param>
/// <param name="Overrun">Whether the tick ended at its deadline with answers missing.</param>
public sealed record TickCompleted(
    long Tick,
    DateTimeOffset Due,
    DateTimeOffset Completed,
    double JitterMs,
    double LatencyMs,
    int Adapters,
    int Ok,
    int Timeout,
    int Error,
    int Rejected,
    int Skipped,
    bool Overrun)
{
    /// <summary>Gets a value indicating whether the loop was paused for this tick (every adapter skipped; its latency measured nothing).</summary>
    public bool Paused { get; init; }

    /// <summary>Gets how many adapters were due this tick: their interval (<c>every</c>) came round. Every adapter, when none sets one.</summary>
    public int AdaptersDue { get; init; }

    /// <summary>Gets how many adapters were sent a call this tick (due, running, or on a trial call).</summary>
    public int AdaptersRan { get; init; }

    /// <summary>Gets the loop scope's R-Axis level once this tick was taken into account.</summary>
    public RAxis.RAxisLevel RAxisLoop { get; init; }

    /// <summary>Gets ok / (ok + timeout + error + rejected), or null when no adapter was called.</summary>
    public double? SuccessRate
    {
        get
        {
            var called = Ok + Timeout + Error + Rejected;
            return called > 0 ? (double)Ok / called : null;
        }
    }
}
