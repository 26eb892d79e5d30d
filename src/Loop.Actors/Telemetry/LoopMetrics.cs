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
/// What changes once per tick, or once per call with a distribution to keep (latencies), is recorded
/// from the LoopSupervisor's turn. What is per adapter and only needs its current value at a scrape
/// (results by outcome, restarts, state, success rate) is observable: the scrape reads the counts the
/// loop keeps in its slots anyway. That keeps 10,000 adapters from costing 30,000 recordings a tick on
/// the loop's thread.
/// </remarks>
public sealed class LoopMetrics : IDisposable
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "Resonance.Loop";

    private static readonly AdapterOutcome[] Outcomes = Enum.GetValues<AdapterOutcome>();
    private static readonly KeyValuePair<string, object?>[] OutcomeTags = [.. Outcomes.Select(static o => new KeyValuePair<string, object?>("outcome", AdapterOutcomeNames.Of(o)))];
    private static readonly KeyValuePair<string, object?>[] StateTags = [.. Enum.GetNames<AdapterState>().Select(static n => new KeyValuePair<string, object?>("state", n.ToLowerInvariant()))];

    private readonly Meter _meter = new(MeterName, "1.0");
    private readonly Func<IReadOnlyList<AdapterSlot>> _slots;

    /// <summary>Creates the instruments.</summary>
    /// <param name="slots">The loop's current adapters, safe to read from a scrape's thread.</param>
    internal LoopMetrics(Func<IReadOnlyList<AdapterSlot>> slots)
    {
        _slots = slots;
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
        _meter.CreateObservableCounter(
            "resonance_adapter_results_total", ObserveResults, null, "Adapter results by outcome (ok, timeout, error, rejected, skipped).");
        _meter.CreateObservableCounter(
            "resonance_adapter_restarts_total", ObserveRestarts, null, "Backoff restarts of an adapter.");
        _meter.CreateObservableGauge(
            "resonance_adapter_state", ObserveStates, null, "1 for the adapter's current state (running, backoff, parked, disabled, starting), 0 for the others.");
        _meter.CreateObservableGauge(
            "resonance_adapter_success_rate", ObserveSuccessRates, null, "Share of ok results among an adapter's calls in its window (0 to 1; the user's name).");
    }

    internal Gauge<double> LoopLatencyMs { get; }

    internal Histogram<double> LoopLatencySeconds { get; }

    internal Histogram<double> TickJitterSeconds { get; }

    internal Counter<long> Ticks { get; }

    internal Counter<long> Overruns { get; }

    internal Histogram<double> AdapterLatencySeconds { get; }

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();

    // The observers are iterators, not lists: 50,000 measurements in a list would land on the large
    // object heap at every scrape and cost a gen-2 collection now and then.
    private IEnumerable<Measurement<long>> ObserveResults()
    {
        foreach (var slot in _slots())
        {
            for (var o = 0; o < Outcomes.Length; o++)
            {
                yield return new Measurement<long>(slot.Outcomes.Read(o), slot.Tag, OutcomeTags[o]);
            }
        }
    }

    private IEnumerable<Measurement<long>> ObserveRestarts()
    {
        foreach (var slot in _slots())
        {
            yield return new Measurement<long>(Volatile.Read(ref slot.Restarts), slot.Tag);
        }
    }

    private IEnumerable<Measurement<int>> ObserveStates()
    {
        foreach (var slot in _slots())
        {
            var state = (int)slot.State;
            for (var s = 0; s < StateTags.Length; s++)
            {
                yield return new Measurement<int>(s == state ? 1 : 0, slot.Tag, StateTags[s]);
            }
        }
    }

    private IEnumerable<Measurement<double>> ObserveSuccessRates()
    {
        foreach (var slot in _slots())
        {
            // An adapter that has not been called yet has no rate: no series rather than a made-up 1 or 0.
            var rate = Volatile.Read(ref slot.SuccessRate);
            if (!double.IsNaN(rate))
            {
                yield return new Measurement<double>(rate, slot.Tag);
            }
        }
    }
}
