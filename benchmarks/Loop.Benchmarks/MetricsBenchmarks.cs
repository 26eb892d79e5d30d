using BenchmarkDotNet.Attributes;
using Loop.Actors.Adapters;
using Loop.Actors.Loop;
using Loop.Actors.Telemetry;

namespace Loop.Benchmarks;

/// <summary>
/// The loop's metrics at 10,000 adapters, through the seam the LoopSupervisor records with
/// (<see cref="LoopMetrics"/>), so the same benchmark measures whichever library is behind it:
/// recording one completed tick (on the loop's thread, 5 times a second) and rendering the whole
/// exposition (once per scrape). Every adapter has been through all five outcomes, so each has its
/// 5 result counters, its latency histogram, 6 state gauges, its success rate, restarts and R-Axis level.
/// </summary>
[MemoryDiagnoser]
public class MetricsBenchmarks
{
    private const int Adapters = 10_000;
    private readonly List<AdapterSlot> _slots = [];

    // Made before the run: the loop allocates a TickCompleted per tick anyway; here it would hide whether recording allocates.
    private readonly TickCompleted[] _ticks = [.. Enumerable.Range(1, 1 << 16).Select(static t => new TickCompleted(t, DateTimeOffset.UnixEpoch.AddMilliseconds(t * 200), DateTimeOffset.UnixEpoch.AddMilliseconds(t * 200 + 12), 0.3, 12.5, Adapters, Adapters, 0, 0, 0, 0, false))];
    private MetricsUnderTest _metrics = null!;
    private long _tick;

    [GlobalSetup]
    public void Setup()
    {
        _metrics = new MetricsUnderTest();
        for (var i = 0; i < Adapters; i++)
        {
            var slot = new AdapterSlot(i, new AdapterDefinition("adapter-" + i, "synthetic", static () => new SyntheticAdapter(new SyntheticAdapterOptions()), TimeSpan.FromMilliseconds(150), new RestartPolicy()));
            slot.Series = _metrics.Loop.AdapterAdded(slot.Name, AdapterState.Running);
            _slots.Add(slot);
        }

        foreach (var outcome in Enum.GetValues<AdapterOutcome>())
        {
            Complete(outcome);
        }
    }

    /// <summary>One tick's results recorded: the tick's own figures, then each adapter's outcome, latency and success rate.</summary>
    [Benchmark]
    public void RecordTick10000Adapters() => Complete(AdapterOutcome.Ok);

    /// <summary>As a scrape renders: the text format into a sink that drops the bytes.</summary>
    [Benchmark]
    public long Render10000Adapters() => _metrics.Render();

    private void Complete(AdapterOutcome outcome)
    {
        var tick = _ticks[(int)(_tick++ & (_ticks.Length - 1))];
        foreach (var slot in _slots)
        {
            // What RecordOutcome leaves in each slot during a tick.
            slot.TickOutcome = outcome;
            slot.TickLatencyMs = outcome == AdapterOutcome.Skipped ? double.NaN : 0.2 + (slot.Index % 50);
            slot.SuccessRate = 0.99;
        }

        _metrics.Loop.TickCompleted(tick, _slots);
    }
}
