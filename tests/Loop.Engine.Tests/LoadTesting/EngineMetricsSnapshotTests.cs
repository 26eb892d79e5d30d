using Loop.Engine.LoadTesting;

namespace Loop.Engine.Tests.LoadTesting;

public sealed class EngineMetricsSnapshotTests
{
    private const string Before = """
        # HELP resonance_tick_jitter_seconds Tick start minus due time, in seconds.
        # TYPE resonance_tick_jitter_seconds histogram
        resonance_tick_jitter_seconds_bucket{le="0.001"} 10
        resonance_tick_jitter_seconds_bucket{le="0.002"} 10
        resonance_tick_jitter_seconds_bucket{le="+Inf"} 10
        resonance_ticks_total 10
        resonance_bus_commands_total{cmd="pause",result="ok"} 1
        """;

    private const string After = """
        resonance_tick_jitter_seconds_bucket{le="0.001"} 60
        resonance_tick_jitter_seconds_bucket{le="0.002"} 109
        resonance_tick_jitter_seconds_bucket{le="+Inf"} 110
        resonance_ticks_total 110
        resonance_tick_overruns_total 2
        resonance_bus_commands_total{cmd="pause",result="ok"} 5
        resonance_bus_commands_total{cmd="enable_adapter",result="ok"} 20
        resonance_bus_commands_total{cmd="bogus",result="unknown_command"} 3
        """;

    [Fact]
    public void QuantileMs_BetweenTwoSnapshots_InterpolatesInsideTheBucketLikeHistogramQuantile()
    {
        var before = EngineMetricsSnapshot.Parse(Before);
        var after = EngineMetricsSnapshot.Parse(After);

        // 100 ticks between: 50 at or under 1 ms, 49 in (1, 2] ms, 1 above
        Assert.Equal(1.0, EngineMetricsSnapshot.QuantileMs(before.Jitter, after.Jitter, 0.5), 6);
        Assert.Equal(1.0 + (24.5 / 49), EngineMetricsSnapshot.QuantileMs(before.Jitter, after.Jitter, 0.745), 6);
        Assert.Equal(2.0, EngineMetricsSnapshot.QuantileMs(before.Jitter, after.Jitter, 0.99), 6); // exactly on the edge
        Assert.Equal(2.0, EngineMetricsSnapshot.QuantileMs(before.Jitter, after.Jitter, 0.999), 6); // beyond the last edge: the last edge
    }

    [Fact]
    public void Parse_CountersAndBusResults_SummedAcrossCommands()
    {
        var after = EngineMetricsSnapshot.Parse(After);

        Assert.Equal(110, after.Ticks);
        Assert.Equal(2, after.Overruns);
        Assert.Equal(25, after.BusByResult["ok"]);
        Assert.Equal(3, after.BusByResult["unknown_command"]);
    }

    [Fact]
    public void QuantileMs_NothingCountedBetween_IsNaN()
    {
        var before = EngineMetricsSnapshot.Parse(Before);

        Assert.True(double.IsNaN(EngineMetricsSnapshot.QuantileMs(before.Jitter, before.Jitter, 0.99)));
    }
}
