using Loop.Actors.Adapters;
using Loop.Actors.Loop;
using Loop.Actors.RAxis;
using Loop.Actors.Telemetry;
using Prometheus;

namespace Loop.Actors.Tests.Telemetry;

/// <summary>The loop's metrics seam on a prometheus-net registry of its own, read back as /metrics renders it.</summary>
public sealed class LoopMetricsTests
{
    private readonly CollectorRegistry _registry = Metrics.NewCustomRegistry();
    private readonly LoopMetrics _metrics;

    public LoopMetricsTests() => _metrics = new LoopMetrics(_registry);

    [Fact]
    public async Task New_LoopCountersAtZero_NoLatencyGaugeBeforeTheFirstTick()
    {
        var text = await RenderAsync();

        Assert.Contains("\nresonance_ticks_total 0\n", text, StringComparison.Ordinal);
        Assert.Contains("\nresonance_tick_overruns_total 0\n", text, StringComparison.Ordinal);
        Assert.Contains("\nresonance_r_axis_level{scope=\"loop\"} 0\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\nresonance_loop_latency_ms ", text, StringComparison.Ordinal); // 0 would read as a perfect tick
    }

    [Fact]
    public async Task AdapterAdded_EveryOutcomeAndRestartsAtZero_StateOneHot_NoSuccessRateBeforeACall()
    {
        _metrics.AdapterAdded("a", AdapterState.Starting);

        var text = await RenderAsync();

        foreach (var outcome in new[] { "ok", "timeout", "error", "rejected", "skipped" })
        {
            var reason = outcome == "timeout" ? "timeout" : string.Empty; // a timeout has one reason; the others have none yet
            Assert.Contains($"\nresonance_adapter_results_total{{adapter=\"a\",outcome=\"{outcome}\",reason=\"{reason}\"}} 0\n", text, StringComparison.Ordinal);
        }

        Assert.Contains("\nresonance_adapter_restarts_total{adapter=\"a\"} 0\n", text, StringComparison.Ordinal);
        Assert.Contains("\nresonance_adapter_state{adapter=\"a\",state=\"starting\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("\nresonance_adapter_state{adapter=\"a\",state=\"running\"} 0\n", text, StringComparison.Ordinal);
        Assert.Contains("\nresonance_r_axis_level{scope=\"adapter:a\"} 0\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("resonance_adapter_success_rate{", text, StringComparison.Ordinal); // never called: no rate, not a rate of 0
    }

    [Fact]
    public async Task TickCompleted_RecordsEachAdapterOnce_SkippedHasNoLatencyNorRate()
    {
        var ok = Slot(0, "ok");
        var skipped = Slot(1, "skipped");
        Note(ok, AdapterOutcome.Ok, 30);
        ok.SuccessRate = 0.75;
        Note(skipped, AdapterOutcome.Skipped, double.NaN);

        _metrics.TickCompleted(Tick(7, latencyMs: 45, overrun: true), [ok, skipped]);
        _metrics.TickCompleted(Tick(8, latencyMs: 12, overrun: false), [ok, skipped]); // nothing new for either adapter

        var text = await RenderAsync();
        Assert.Contains("\nresonance_ticks_total 2\n", text, StringComparison.Ordinal);
        Assert.Contains("\nresonance_tick_overruns_total 1\n", text, StringComparison.Ordinal);
        Assert.Contains("\nresonance_loop_latency_ms 12\n", text, StringComparison.Ordinal);
        Assert.Contains("\nresonance_adapter_results_total{adapter=\"ok\",outcome=\"ok\",reason=\"\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("\nresonance_adapter_latency_seconds_bucket{adapter=\"ok\",le=\"0.04\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("\nresonance_adapter_latency_seconds_bucket{adapter=\"ok\",le=\"0.02\"} 0\n", text, StringComparison.Ordinal);
        Assert.Contains("\nresonance_adapter_success_rate{adapter=\"ok\"} 0.75\n", text, StringComparison.Ordinal);
        Assert.Contains("\nresonance_adapter_results_total{adapter=\"skipped\",outcome=\"skipped\",reason=\"\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("\nresonance_adapter_latency_seconds_count{adapter=\"skipped\"} 0\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("resonance_adapter_success_rate{adapter=\"skipped\"}", text, StringComparison.Ordinal);
        Assert.Null(ok.TickOutcome);
    }

    [Fact]
    public async Task AdapterRemoved_NoLineNamesIt_AnOutcomeLeftInItsSlotRecordsNothing()
    {
        var keep = Slot(0, "keep");
        var gone = Slot(1, "gone");
        Note(gone, AdapterOutcome.Error, 5);
        gone.TickReason = "connect_refused"; // a series made at its reason's first result goes with the others
        _metrics.TickCompleted(Tick(1, 10, false), [keep, gone]);
        _metrics.StateChanged(gone.Series, AdapterState.Starting, AdapterState.Running);
        _metrics.AdapterLevel(gone.Series, RAxisLevel.Warn);

        // Removed; its answer to the tick in flight comes after.
        _metrics.AdapterRemoved(gone);
        Note(gone, AdapterOutcome.Error, 5);
        _metrics.TickCompleted(Tick(2, 10, false), [keep, gone]);

        var text = await RenderAsync();
        Assert.DoesNotContain("\"gone\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("adapter:gone", text, StringComparison.Ordinal);
        Assert.Contains("resonance_adapter_state{adapter=\"keep\",state=\"starting\"} 1", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TickCompleted_ErrorsByReason_EachReasonItsSeries_TheUnreasonedOneStaysAtZero()
    {
        var api = Slot(0, "api");
        foreach (var reason in new[] { "status_503", "status_503", "assert_body" })
        {
            Note(api, AdapterOutcome.Error, 5);
            api.TickReason = reason;
            _metrics.TickCompleted(Tick(1, 10, false), [api]);
        }

        var text = await RenderAsync();
        Assert.Contains("\nresonance_adapter_results_total{adapter=\"api\",outcome=\"error\",reason=\"status_503\"} 2\n", text, StringComparison.Ordinal);
        Assert.Contains("\nresonance_adapter_results_total{adapter=\"api\",outcome=\"error\",reason=\"assert_body\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("\nresonance_adapter_results_total{adapter=\"api\",outcome=\"error\",reason=\"\"} 0\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdapterAddedAgainAfterRemoval_StartsOver()
    {
        var first = Slot(0, "again");
        Note(first, AdapterOutcome.Ok, 5);
        _metrics.TickCompleted(Tick(1, 10, false), [first]);
        _metrics.AdapterRemoved(first);

        Slot(1, "again");

        var text = await RenderAsync();
        Assert.Contains("\nresonance_adapter_results_total{adapter=\"again\",outcome=\"ok\",reason=\"\"} 0\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdapterLatencyExemplar_NewBucketAtOnce_SameBucketOnlyOnceItsExemplarIsRefreshTicksOld()
    {
        var slot = Slot(0, "ex");

        // Tick 1: 30 ms (the 0.04 bucket). Tick 2: 31 ms, same bucket: it keeps tick 1. Tick 3: 70 ms, a bucket without one: at once.
        Observe(slot, 1, 30);
        Observe(slot, 2, 31);
        Observe(slot, 3, 70);
        var text = await RenderAsync(ExpositionFormat.OpenMetricsText);
        Assert.Contains("resonance_adapter_latency_seconds_bucket{adapter=\"ex\",le=\"0.04\"} 2 # {tick=\"1\"} 0.03", text, StringComparison.Ordinal);
        Assert.Contains("resonance_adapter_latency_seconds_bucket{adapter=\"ex\",le=\"0.08\"} 3 # {tick=\"3\"} 0.07", text, StringComparison.Ordinal);
        Assert.DoesNotContain("{tick=\"2\"}", text, StringComparison.Ordinal);

        // The 0.04 bucket gets a new exemplar once its own is ExemplarRefreshTicks old, not a tick before.
        var refreshed = 1 + LoopMetrics.ExemplarRefreshTicks;
        Observe(slot, refreshed - 1, 32);
        Observe(slot, refreshed, 33);
        text = await RenderAsync(ExpositionFormat.OpenMetricsText);
        Assert.DoesNotContain($"{{tick=\"{refreshed - 1}\"}}", text, StringComparison.Ordinal);
        Assert.Contains($"resonance_adapter_latency_seconds_bucket{{adapter=\"ex\",le=\"0.04\"}} 4 # {{tick=\"{refreshed}\"}} 0.033", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HostileAdapterName_EscapedInItsLabels()
    {
        _metrics.AdapterAdded("a\"b\\c\nd", AdapterState.Running);

        var text = await RenderAsync();

        Assert.Contains("resonance_adapter_restarts_total{adapter=\"a\\\"b\\\\c\\nd\"} 0\n", text, StringComparison.Ordinal);
        Assert.Contains("resonance_r_axis_level{scope=\"adapter:a\\\"b\\\\c\\nd\"} 0\n", text, StringComparison.Ordinal);
    }

    private void Observe(AdapterSlot slot, long tick, double latencyMs)
    {
        Note(slot, AdapterOutcome.Ok, latencyMs);
        _metrics.TickCompleted(Tick(tick, 10, false), [slot]);
    }

    /// <summary>What the loop leaves in a slot when the adapter answers a tick (RecordOutcome).</summary>
    private static void Note(AdapterSlot slot, AdapterOutcome outcome, double latencyMs)
    {
        slot.TickOutcome = outcome;
        slot.TickLatencyMs = latencyMs;
    }

    private static TickCompleted Tick(long tick, double latencyMs, bool overrun) =>
        new(tick, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, 0.5, latencyMs, 2, 1, 0, 0, 0, 1, overrun);

    private AdapterSlot Slot(int index, string name)
    {
        var slot = new AdapterSlot(index, new AdapterDefinition(name, "scripted", static () => throw new InvalidOperationException("not started here"), TimeSpan.FromMilliseconds(150), new RestartPolicy()));
        slot.Series = _metrics.AdapterAdded(name, AdapterState.Starting);
        return slot;
    }

    private async Task<string> RenderAsync(ExpositionFormat format = ExpositionFormat.PrometheusText)
    {
        using var stream = new MemoryStream();
        await _registry.CollectAndExportAsTextAsync(stream, format);
        return "\n" + System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
