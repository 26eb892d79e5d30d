using System.Globalization;
using Loop.Actors.Adapters;
using Loop.Actors.Loop;
using Loop.Actors.RAxis;
using Prometheus;

namespace Loop.Actors.Telemetry;

/// <summary>
/// The loop's metric families (DESIGN.md: Metrics), prometheus-net metrics in a registry the engine owns
/// (not the static default one, so engines and tests side by side in one process do not mix). The loop
/// records only through the methods here: the one seam between its actors and the metrics library.
/// </summary>
/// <remarks>
/// Everything is recorded from the LoopSupervisor's turn. Each adapter's labelled children are made once,
/// when it joins the loop (<see cref="AdapterSeries"/>), and the per-adapter measurements of a tick are
/// recorded together once the tick is complete: a tick of 10,000 adapters costs no lookup and no
/// allocation (benchmarks/RESULTS.md). Counters with a known label set are present at 0 from the start,
/// so increase() and rate() see their first event.
/// </remarks>
public sealed class LoopMetrics
{
    /// <summary>
    /// The histogram buckets, in seconds: 0.04, 0.06 and 0.08 are edges so the 40/60/80 ms thresholds of
    /// the dashboard and alerts fall on bucket boundaries.
    /// </summary>
    public static readonly IReadOnlyList<double> Buckets = [0.001, 0.0025, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.15, 0.2, 0.5, 1, 2.5, 5];

    /// <summary>
    /// How many ticks a bucket of an adapter's latency keeps its exemplar before a call landing in it
    /// records a new one: 75 ticks, 15 s at the default tick (Prometheus' usual scrape interval).
    /// </summary>
    internal const int ExemplarRefreshTicks = 75;

    // The tick an observation belongs to, as an exemplar (OpenMetrics only): from a slow bucket to its row in metrics.csv.
    private static readonly Exemplar.LabelKey TickKey = Exemplar.Key("tick");

    private static readonly double[] BucketBounds = [.. Buckets];

    /// <summary>
    /// The tick jitter's buckets: the shared ones plus finer edges below 2.5 ms, where a healthy loop's jitter
    /// lives, so a gate like "jitter p99 at most 2 ms" (loop load engine, a Prometheus alert) falls on an edge
    /// and is read exactly from /metrics. Only edges were added: queries on the old ones still work.
    /// </summary>
    public static readonly IReadOnlyList<double> JitterBuckets = [0.0001, 0.00025, 0.0005, .. Buckets.Take(1), 0.002, .. Buckets.Skip(1)];

    private static readonly string[] OutcomeNames = [.. Enum.GetValues<AdapterOutcome>().Select(AdapterOutcomeNames.Of)];

    private static readonly string[] StateNames =
        [.. Enum.GetValues<AdapterState>().Where(static s => s != AdapterState.Removed).Select(static s => s.ToString().ToLowerInvariant())];

    private readonly Gauge _loopLatencyMs;
    private readonly Histogram _loopLatencySeconds;
    private readonly Histogram _tickJitterSeconds;
    private readonly Counter _ticks;
    private readonly Counter _overruns;
    private readonly Histogram _adapterLatencySeconds;
    private readonly Counter _adapterResults;
    private readonly Counter _adapterRestarts;
    private readonly Gauge _adapterState;
    private readonly Gauge _adapterSuccessRate;
    private readonly Gauge _certificateExpiry;
    private readonly Gauge _rAxisLevel;
    private readonly Gauge.Child _loopLevel;
    private readonly Counter.Child _gcPaced;
    private readonly Counter.Child _gcUnpaced;

    /// <summary>Creates the loop's families in <paramref name="registry"/>.</summary>
    /// <param name="registry">The engine's registry, the one its /metrics serves.</param>
    public LoopMetrics(CollectorRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);

        // No default exemplar: the only exemplars are the ticks passed in (a trace-context lookup per observation would be 10,000 per tick for nothing).
        var metrics = Metrics.WithCustomRegistry(registry);
        metrics.ExemplarBehavior = new ExemplarBehavior();
        _loopLatencyMs = metrics.CreateGauge(
            "resonance_loop_latency_ms", "Loop latency of the last completed tick, in milliseconds (completion minus due time).", new GaugeConfiguration { SuppressInitialValue = true });
        _loopLatencySeconds = metrics.CreateHistogram(
            "resonance_loop_latency_seconds", "Loop latency per tick: completion minus due time, in seconds.", new HistogramConfiguration { Buckets = BucketBounds });
        _tickJitterSeconds = metrics.CreateHistogram(
            "resonance_tick_jitter_seconds", "Tick start minus due time, in seconds.", new HistogramConfiguration { Buckets = [.. JitterBuckets] });
        _ticks = metrics.CreateCounter("resonance_ticks_total", "Ticks completed.");
        _overruns = metrics.CreateCounter("resonance_tick_overruns_total", "Ticks that ended at their deadline with answers missing.");
        _adapterLatencySeconds = metrics.CreateHistogram(
            "resonance_adapter_latency_seconds", "Adapter call latency, in seconds.", ["adapter"], new HistogramConfiguration { Buckets = BucketBounds });
        _adapterResults = metrics.CreateCounter(
            "resonance_adapter_results_total", "Adapter results by outcome (ok, timeout, error, rejected, skipped) and reason (a bounded class: timeout, connect_refused, status_503, assert_body...; empty for ok and skipped).", "adapter", "outcome", "reason");
        _adapterRestarts = metrics.CreateCounter("resonance_adapter_restarts_total", "Backoff restarts of an adapter.", "adapter");
        _adapterState = metrics.CreateGauge(
            "resonance_adapter_state", "1 for the adapter's current state (running, backoff, parked, disabled, starting, blocked), 0 for the others.", "adapter", "state");
        _rAxisLevel = metrics.CreateGauge("resonance_r_axis_level", "R-Axis level per scope (loop, adapter:<name>): 0 OK, 1 WARN, 2 BLOCK.", "scope");
        _adapterSuccessRate = metrics.CreateGauge(
            "resonance_adapter_success_rate", "Share of ok results among an adapter's calls in its window (0 to 1; the user's name).", "adapter");
        _certificateExpiry = metrics.CreateGauge(
            "resonance_adapter_cert_expiry_seconds", "Seconds until the certificate a tls adapter last saw expires (negative once expired).", "adapter");
        _loopLevel = _rAxisLevel.WithLabels("loop");
        _loopLevel.Set(0);
        var collections = metrics.CreateCounter(
            "resonance_gc_collections_total",
            "Garbage collections seen by the loop: run_by=loop were run between ticks (the next one nearly due; loop.gc_between_ticks), run_by=runtime came on their own, in a tick or between.",
            "run_by");
        _gcPaced = collections.WithLabels("loop");
        _gcUnpaced = collections.WithLabels("runtime");
        _gcPaced.Publish(); // at 0 from the start, like every counter here
        _gcUnpaced.Publish();
    }

    /// <summary>Makes an adapter's series: its state, results and restarts at 0, its R-Axis scope at OK.</summary>
    internal AdapterSeries AdapterAdded(string adapter, AdapterState state)
    {
        var series = new AdapterSeries
        {
            Adapter = adapter,
            // at 0 from the start, so increase() sees an adapter's first result of each outcome: under no reason yet, timeouts under theirs
            Results = [.. Enum.GetValues<AdapterOutcome>().Select(o => _adapterResults.WithLabels(adapter, AdapterOutcomeNames.Of(o), DefaultReason(o)))],
            States = [.. StateNames.Select(s => _adapterState.WithLabels(adapter, s))],
            Latency = _adapterLatencySeconds.WithLabels(adapter),
            Restarts = _adapterRestarts.WithLabels(adapter),
            Level = _rAxisLevel.WithLabels("adapter:" + adapter),
        };
        foreach (var result in series.Results)
        {
            result.Publish(); // at 0, not hidden until the first result
        }

        for (var s = 0; s < series.States.Length; s++)
        {
            series.States[s].Set(s == (int)state ? 1 : 0);
        }

        series.Restarts.Publish();
        series.Level.Set(0);
        return series;
    }

    /// <summary>Moves the adapter's state gauge: 0 for the state it left, 1 for the new one.</summary>
    internal void StateChanged(AdapterSeries? series, AdapterState previous, AdapterState state)
    {
        if (series is null || state == AdapterState.Removed)
        {
            return;
        }

        series.States[(int)previous].Set(0);
        series.States[(int)state].Set(1);
    }

    /// <summary>
    /// Deletes every series of a removed adapter: no stale 0 and no NaN left behind for an alert to see.
    /// The slot forgets them first: a write to a cached child after its removal would be lost, and
    /// whatever the slot still records (an answer to the tick in flight) now records nothing.
    /// </summary>
    /// <summary>The reason an outcome's series is made with: its class for timeouts (they have one reason), none for the others yet.</summary>
    private static string DefaultReason(AdapterOutcome outcome) => outcome == AdapterOutcome.Timeout ? "timeout" : string.Empty;

    /// <summary>The counter of an adapter's results of one outcome and reason: the one made with it, or one made at the reason's first result.</summary>
    private Counter.Child ResultCounter(AdapterSeries series, AdapterOutcome outcome, string reason)
    {
        if (reason == DefaultReason(outcome))
        {
            return series.Results[(int)outcome];
        }

        if (!series.ResultsByReason.TryGetValue(((int)outcome, reason), out var counter))
        {
            series.ResultsByReason[((int)outcome, reason)] = counter = _adapterResults.WithLabels(series.Adapter, OutcomeNames[(int)outcome], reason);
        }

        return counter;
    }

    /// <summary>Sets a tls adapter's seconds left on its certificate (its series is made at the first handshake).</summary>
    internal void CertificateExpiry(AdapterSeries? series, double seconds)
    {
        if (series is not null)
        {
            (series.CertificateExpiry ??= _certificateExpiry.WithLabels(series.Adapter)).Set(seconds);
        }
    }

    internal void AdapterRemoved(AdapterSlot slot)
    {
        var series = slot.Series;
        slot.Series = null;
        if (series is null)
        {
            return;
        }

        foreach (var result in series.Results.Concat(series.ResultsByReason.Values))
        {
            result.Remove();
        }

        foreach (var state in series.States)
        {
            state.Remove();
        }

        series.Latency.Remove();
        series.Restarts.Remove();
        series.CertificateExpiry?.Remove();
        series.Level.Remove();
        series.SuccessRate?.Remove();
    }

    internal void Restarted(AdapterSeries? series) => series?.Restarts.Inc();

    /// <summary>Brings the collection counters up to the pacer's totals.</summary>
    internal void GcCollections(long paced, long unpaced)
    {
        _gcPaced.IncTo(paced);
        _gcUnpaced.IncTo(unpaced);
    }

    internal void LoopLevel(RAxisLevel level) => _loopLevel.Set((int)level);

    internal void AdapterLevel(AdapterSeries? series, RAxisLevel level) => series?.Level.Set((int)level);

    /// <summary>Records a completed tick: its own figures, then each adapter's outcome of it, in slot order (clearing it).</summary>
    internal void TickCompleted(TickCompleted tick, List<AdapterSlot> slots)
    {
        _ticks.Inc();
        if (tick.Overrun)
        {
            _overruns.Inc();
        }

        // One string per tick, shared by every observation of it (exemplars come from a pool and go back to it).
        var tickLabel = TickKey.WithValue(tick.Tick.ToString(CultureInfo.InvariantCulture));
        _loopLatencyMs.Set(tick.LatencyMs);
        _loopLatencySeconds.Observe(tick.LatencyMs / 1000, Exemplar.From(tickLabel));
        _tickJitterSeconds.Observe(tick.JitterMs / 1000);
        foreach (var slot in slots)
        {
            if (slot.TickOutcome is not { } outcome)
            {
                continue;
            }

            slot.TickOutcome = null;
            if (slot.Series is not { } series)
            {
                continue; // removed during the tick: its series are gone
            }

            ResultCounter(series, outcome, slot.TickReason).Inc();
            if (!double.IsNaN(slot.TickLatencyMs))
            {
                ObserveLatency(series, slot.TickLatencyMs / 1000, tick.Tick, tickLabel);
            }

            if (outcome != AdapterOutcome.Skipped)
            {
                (series.SuccessRate ??= _adapterSuccessRate.WithLabels(series.Adapter)).Set(slot.SuccessRate);
            }
        }
    }

    /// <summary>
    /// Observes an adapter's call latency, with the tick as exemplar when the bucket it lands in has had
    /// none for <see cref="ExemplarRefreshTicks"/>: a call in a bucket its adapter seldom reaches (a slow
    /// one) always gets one, a bucket it lands in every tick gets a new one every 15 s.
    /// </summary>
    /// <remarks>
    /// Not on every call: recording 10,000 exemplars per tick (prometheus-net keeps each in a pooled
    /// object) doubled the loop's GC pauses and raised its p99 latency at 10,000 adapters (measured;
    /// benchmarks/RESULTS.md, issue 14). Prometheus reads one exemplar per bucket per scrape, so the rest
    /// were overwritten unseen.
    /// </remarks>
    private static void ObserveLatency(AdapterSeries series, double seconds, long tick, Exemplar.LabelPair tickLabel)
    {
        var bucket = BucketOf(seconds);
        ref var last = ref series.ExemplarTicks[bucket];
        if (last == 0 || tick - last >= ExemplarRefreshTicks)
        {
            last = tick;
            series.Latency.Observe(seconds, Exemplar.From(tickLabel));
        }
        else
        {
            series.Latency.Observe(seconds);
        }
    }

    /// <summary>The index of the first bucket whose upper bound holds <paramref name="seconds"/> (the +Inf bucket after the last).</summary>
    private static int BucketOf(double seconds)
    {
        var bucket = 0;
        while (bucket < BucketBounds.Length && seconds > BucketBounds[bucket])
        {
            bucket++;
        }

        return bucket;
    }
}
