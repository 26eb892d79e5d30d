using System.Diagnostics.Metrics;

namespace Loop.Actors.Telemetry;

/// <summary>
/// The loop's instruments, on the Meter <see cref="MeterName"/> (DESIGN.md: Metrics). Names are
/// already Prometheus names; any MeterListener (Loop.Exporter, an OpenTelemetry exporter) can attach.
/// Recorded from the LoopSupervisor's turn only, so recording never contends.
/// </summary>
public static class LoopMetrics
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "Resonance.Loop";

    private static readonly Meter Meter = new(MeterName, "1.0");

    internal static readonly Gauge<double> LoopLatencyMs = Meter.CreateGauge<double>(
        "resonance_loop_latency_ms", "ms", "Loop latency of the last completed tick, in milliseconds (completion minus due time).");

    internal static readonly Histogram<double> LoopLatencySeconds = Meter.CreateHistogram<double>(
        "resonance_loop_latency_seconds", "s", "Loop latency per tick: completion minus due time, in seconds.");

    internal static readonly Histogram<double> TickJitterSeconds = Meter.CreateHistogram<double>(
        "resonance_tick_jitter_seconds", "s", "Tick start minus due time, in seconds.");

    internal static readonly Counter<long> Ticks = Meter.CreateCounter<long>(
        "resonance_ticks_total", null, "Ticks completed.");

    internal static readonly Counter<long> Overruns = Meter.CreateCounter<long>(
        "resonance_tick_overruns_total", null, "Ticks that ended at their deadline with answers missing.");

    internal static readonly Histogram<double> AdapterLatencySeconds = Meter.CreateHistogram<double>(
        "resonance_adapter_latency_seconds", "s", "Adapter call latency, in seconds.");

    internal static readonly Counter<long> AdapterResults = Meter.CreateCounter<long>(
        "resonance_adapter_results_total", null, "Adapter results by outcome (ok, timeout, error, rejected, skipped).");

    internal static readonly Counter<long> AdapterRestarts = Meter.CreateCounter<long>(
        "resonance_adapter_restarts_total", null, "Backoff restarts of an adapter.");

    internal static readonly Gauge<int> AdapterState = Meter.CreateGauge<int>(
        "resonance_adapter_state", null, "1 for the adapter's current state (running, backoff, parked, disabled, starting), 0 for the others.");

    internal static readonly Gauge<double> AdapterSuccessRate = Meter.CreateGauge<double>(
        "resonance_adapter_success_rate", null, "Share of ok results among an adapter's calls in its window (0 to 1; the user's name).");
}
