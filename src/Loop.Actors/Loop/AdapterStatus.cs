namespace Loop.Actors.Loop;

/// <summary>One adapter as the loop reports it (in <see cref="LoopSupervisor.LoopStatus"/>).</summary>
/// <param name="State">Its state.</param>
/// <param name="SuccessRate">The share of ok calls in its window; NaN before its first call.</param>
/// <param name="Restarts">Backoff restarts so far.</param>
/// <param name="RAxis">Its R-Axis level.</param>
/// <param name="FaultsLeft">Injected faults still to act out.</param>
public sealed record AdapterStatus(AdapterState State, double SuccessRate, long Restarts, RAxis.RAxisLevel RAxis = default, int FaultsLeft = 0)
{
    /// <summary>Gets the adapter's kind (synthetic, http, command).</summary>
    public string Kind { get; init; } = string.Empty;

    /// <summary>Gets the latency of its last call that was not skipped, in ms; NaN before the first.</summary>
    public double LastLatencyMs { get; init; } = double.NaN;

    /// <summary>Gets the interval it is called at now, in ms: its <c>every</c>, or <c>every_failing</c> while not OK (the tick when it sets none).</summary>
    public double EveryMs { get; init; }
}
