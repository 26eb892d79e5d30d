using System.Diagnostics.Metrics;
using Loop.Actors.Adapters;
using Loop.Actors.Loop;

namespace Loop.Actors.Telemetry;

/// <summary>
/// The loop's instruments, on a Meter named <see cref="MeterName"/> owned by one LoopSupervisor and
/// disposed with it (DESIGN.md: Metrics). Names are already Prometheus names; any MeterListener
/// (Loop.Exporter, an OpenTelemetry exporter) can attach.
/// </summary>
/// <remarks>
/// Everything is recorded from the LoopSupervisor's turn, and the per-adapter measurements of a tick
/// are recorded together once the tick is complete (its latency already taken), walking the adapters
/// in their fixed order: a listener that keeps series in creation order finds each one at the next
/// position, and a scrape allocates nothing per series (observable instruments would make a scrape
/// allocate a tag array per value, ~6 MB for 10,000 adapters, and the collections that follow pause the loop).
/// </remarks>
public sealed class LoopMetrics : IDisposable
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "Resonance.Loop";

    private readonly Meter _meter = new(MeterName, "1.0");

    /// <summary>Creates the instruments.</summary>
    internal LoopMetrics()
    {
        LoopLatencyMs = _meter.CreateGauge<double>(
            "resonance_loop_latency_ms", "ms", "Loop latency of the last completed tick, in milliseconds (completion minus due time).");
        LoopLatencySeconds = _meter.CreateHistogram<double>(
            "resonance_loop_latency_seconds", "s", "Loop latency per tick: completion minus due time, in seconds.");
        TickJitterSeconds = _meter.CreateHistogram<double>(
            "resonance_tick_jitter_seconds", "s", "Tick start minus due time, in seconds.");
        Ticks = _meter.CreateCounter<long>(
            "resonance_ticks_total", null, "Ticks completed.");
        Overruns = _meter.CreateCounter<long>(
            "resonance_tick_overruns_total", null, "Ticks that ended at their deadline with answers missing.");
        AdapterLatencySeconds = _meter.CreateHistogram<double>(
            "resonance_adapter_latency_seconds", "s", "Adapter call latency, in seconds.");
        AdapterResults = _meter.CreateCounter<long>(
            "resonance_adapter_results_total", null, "Adapter results by outcome (ok, timeout, error, rejected, skipped).");
        AdapterRestarts = _meter.CreateCounter<long>(
            "resonance_adapter_restarts_total", null, "Backoff restarts of an adapter.");
        AdapterState = _meter.CreateGauge<int>(
            "resonance_adapter_state", null, "1 for the adapter's current state (running, backoff, parked, disabled, starting), 0 for the others.");
        RAxisLevel = _meter.CreateGauge<int>(
            "resonance_r_axis_level", null, "R-Axis level per scope (loop, adapter:<name>): 0 OK, 1 WARN, 2 BLOCK.");
        AdapterSuccessRate = _meter.CreateGauge<double>(
            "resonance_adapter_success_rate", null, "Share of ok results among an adapter's calls in its window (0 to 1; the user's name).");
    }

    /// <summary>Gets the outcome label of each <see cref="AdapterOutcome"/>, made once.</summary>
    internal static KeyValuePair<string, object?>[] OutcomeTags { get; } =
        [.. Enum.GetValues<AdapterOutcome>().Select(static o => new KeyValuePair<string, object?>("outcome", AdapterOutcomeNames.Of(o)))];

    /// <summary>Gets the state label of each <see cref="Loop.AdapterState"/>, made once.</summary>
    internal static KeyValuePair<string, object?>[] StateTags { get; } =
        [.. Enum.GetValues<AdapterState>().Where(static s => s != Loop.AdapterState.Removed).Select(static s => new KeyValuePair<string, object?>("state", s.ToString().ToLowerInvariant()))];

    internal Gauge<double> LoopLatencyMs { get; }

    internal Histogram<double> LoopLatencySeconds { get; }

    internal Histogram<double> TickJitterSeconds { get; }

    internal Counter<long> Ticks { get; }

    internal Counter<long> Overruns { get; }

    internal Histogram<double> AdapterLatencySeconds { get; }

    internal Counter<long> AdapterResults { get; }

    internal Counter<long> AdapterRestarts { get; }

    internal Gauge<int> AdapterState { get; }

    internal Gauge<double> AdapterSuccessRate { get; }

    internal Gauge<int> RAxisLevel { get; }

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();
}
