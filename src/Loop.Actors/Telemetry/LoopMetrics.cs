using System.Diagnostics.Metrics;
using Loop.Actors.Adapters;
using Loop.Actors.Loop;
using Loop.Actors.RAxis;

namespace Loop.Actors.Telemetry;

/// <summary>
/// The loop's instruments, on a Meter named <see cref="MeterName"/> owned by one LoopSupervisor and
/// disposed with it (DESIGN.md: Metrics). Names are already Prometheus names; any MeterListener
/// (Loop.Exporter, an OpenTelemetry exporter) can attach. The loop records only through the methods
/// here: the one seam between its actors and the metrics library.
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

    private static readonly KeyValuePair<string, object?> LoopScope = new("scope", "loop");

    /// <summary>The outcome label of each <see cref="AdapterOutcome"/>, made once.</summary>
    private static readonly KeyValuePair<string, object?>[] OutcomeTags =
        [.. Enum.GetValues<AdapterOutcome>().Select(static o => new KeyValuePair<string, object?>("outcome", AdapterOutcomeNames.Of(o)))];

    /// <summary>The state label of each <see cref="Loop.AdapterState"/> an adapter in the loop can be in, made once.</summary>
    private static readonly KeyValuePair<string, object?>[] StateTags =
        [.. Enum.GetValues<AdapterState>().Where(static s => s != AdapterState.Removed).Select(static s => new KeyValuePair<string, object?>("state", s.ToString().ToLowerInvariant()))];

    private readonly Meter _meter = new(MeterName, "1.0");
    private readonly Gauge<double> _loopLatencyMs;
    private readonly Histogram<double> _loopLatencySeconds;
    private readonly Histogram<double> _tickJitterSeconds;
    private readonly Counter<long> _ticks;
    private readonly Counter<long> _overruns;
    private readonly Histogram<double> _adapterLatencySeconds;
    private readonly Counter<long> _adapterResults;
    private readonly Counter<long> _adapterRestarts;
    private readonly Gauge<int> _adapterState;
    private readonly Gauge<double> _adapterSuccessRate;
    private readonly Gauge<int> _rAxisLevel;

    /// <summary>Creates the instruments; the loop's own counters start at 0 (so increase() sees their first event).</summary>
    internal LoopMetrics()
    {
        _loopLatencyMs = _meter.CreateGauge<double>(
            "resonance_loop_latency_ms", "ms", "Loop latency of the last completed tick, in milliseconds (completion minus due time).");
        _loopLatencySeconds = _meter.CreateHistogram<double>(
            "resonance_loop_latency_seconds", "s", "Loop latency per tick: completion minus due time, in seconds.");
        _tickJitterSeconds = _meter.CreateHistogram<double>(
            "resonance_tick_jitter_seconds", "s", "Tick start minus due time, in seconds.");
        _ticks = _meter.CreateCounter<long>(
            "resonance_ticks_total", null, "Ticks completed.");
        _overruns = _meter.CreateCounter<long>(
            "resonance_tick_overruns_total", null, "Ticks that ended at their deadline with answers missing.");
        _adapterLatencySeconds = _meter.CreateHistogram<double>(
            "resonance_adapter_latency_seconds", "s", "Adapter call latency, in seconds.");
        _adapterResults = _meter.CreateCounter<long>(
            "resonance_adapter_results_total", null, "Adapter results by outcome (ok, timeout, error, rejected, skipped).");
        _adapterRestarts = _meter.CreateCounter<long>(
            "resonance_adapter_restarts_total", null, "Backoff restarts of an adapter.");
        _adapterState = _meter.CreateGauge<int>(
            "resonance_adapter_state", null, "1 for the adapter's current state (running, backoff, parked, disabled, starting), 0 for the others.");
        _rAxisLevel = _meter.CreateGauge<int>(
            "resonance_r_axis_level", null, "R-Axis level per scope (loop, adapter:<name>): 0 OK, 1 WARN, 2 BLOCK.");
        _adapterSuccessRate = _meter.CreateGauge<double>(
            "resonance_adapter_success_rate", null, "Share of ok results among an adapter's calls in its window (0 to 1; the user's name).");
        _ticks.Add(0);
        _overruns.Add(0);
        _rAxisLevel.Record(0, LoopScope);
    }

    /// <summary>Makes an adapter's series: its state, restarts at 0 and its R-Axis scope at OK.</summary>
    internal AdapterSeries AdapterAdded(string adapter, AdapterState state)
    {
        var series = new AdapterSeries(adapter);
        for (var s = 0; s < StateTags.Length; s++)
        {
            _adapterState.Record(s == (int)state ? 1 : 0, series.Adapter, StateTags[s]);
        }

        _adapterRestarts.Add(0, series.Adapter);
        _rAxisLevel.Record(0, series.Scope);
        return series;
    }

    /// <summary>Moves the adapter's state gauge: 0 for the state it left, 1 for the new one.</summary>
    internal void StateChanged(AdapterSeries series, AdapterState previous, AdapterState state)
    {
        _adapterState.Record(0, series.Adapter, StateTags[(int)previous]);
        _adapterState.Record(1, series.Adapter, StateTags[(int)state]);
    }

    /// <summary>
    /// Series cannot be deleted through System.Diagnostics.Metrics: a removed adapter reads 0 in every
    /// state and NaN as its success rate, so no alert keeps firing for it.
    /// </summary>
    internal void AdapterRemoved(AdapterSeries series)
    {
        foreach (var tag in StateTags)
        {
            _adapterState.Record(0, series.Adapter, tag);
        }

        _adapterSuccessRate.Record(double.NaN, series.Adapter);
    }

    internal void Restarted(AdapterSeries series) => _adapterRestarts.Add(1, series.Adapter);

    internal void LoopLevel(RAxisLevel level) => _rAxisLevel.Record((int)level, LoopScope);

    internal void AdapterLevel(AdapterSeries series, RAxisLevel level) => _rAxisLevel.Record((int)level, series.Scope);

    /// <summary>Records a completed tick: its own figures, then each adapter's outcome of it, in slot order (clearing it).</summary>
    internal void TickCompleted(TickCompleted tick, List<AdapterSlot> slots)
    {
        _ticks.Add(1);
        if (tick.Overrun)
        {
            _overruns.Add(1);
        }

        _loopLatencyMs.Record(tick.LatencyMs);
        _loopLatencySeconds.Record(tick.LatencyMs / 1000);
        _tickJitterSeconds.Record(tick.JitterMs / 1000);
        foreach (var slot in slots)
        {
            if (slot.TickOutcome is not { } outcome)
            {
                continue;
            }

            slot.TickOutcome = null;
            var series = slot.Series;
            _adapterResults.Add(1, series.Adapter, OutcomeTags[(int)outcome]);
            if (!double.IsNaN(slot.TickLatencyMs))
            {
                _adapterLatencySeconds.Record(slot.TickLatencyMs / 1000, series.Adapter);
            }

            if (outcome != AdapterOutcome.Skipped)
            {
                _adapterSuccessRate.Record(slot.SuccessRate, series.Adapter);
            }
        }
    }

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();
}
