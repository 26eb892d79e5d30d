using Loop.Engine.Output;
using Loop.Engine.Verify;

namespace Loop.Engine.Tests.Verify;

public sealed class MetricsVerifierTests : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), "loop-verify-" + Guid.NewGuid().ToString("N") + ".csv");

    [Fact]
    public void Judge_HundredTicks_PercentilesSuccessAndOverruns()
    {
        // Latencies 1..100 ms; jitter 0.01..1.00; tick 100 has one timeout out of 4 adapters.
        var rows = Enumerable.Range(1, 100).Select(i => new MetricsRow(i / 100.0, i, i == 100 ? 3 : 4, i == 100 ? 1 : 0, 0, 0)).ToList();

        var report = MetricsVerifier.Judge(rows, maxP95Ms: 95, minSuccess: 0.997);

        Assert.Equal((100, 50.0, 95.0, 99.0, 100.0, 0.99, 1), (report.Ticks, report.LatencyP50, report.LatencyP95, report.LatencyP99, report.LatencyMax, report.JitterP99, report.Overruns));
        Assert.Equal(399.0 / 400, report.SuccessRate);
        Assert.True(report.Criteria[0].Pass);   // p95 95 <= 95
        Assert.True(report.Criteria[1].Pass);   // 0.9975 >= 0.997
        Assert.True(report.Pass);
        Assert.False(MetricsVerifier.Judge(rows, maxP95Ms: 94, minSuccess: 0.997).Pass);
        Assert.False(MetricsVerifier.Judge(rows, maxP95Ms: 95, minSuccess: 0.998).Pass);
    }

    [Fact]
    public void Judge_NoAdapterEverCalled_FailsSuccessCriterion()
    {
        var report = MetricsVerifier.Judge([new MetricsRow(0, 1, 0, 0, 0, 0)], 60, 0.97);

        Assert.True(double.IsNaN(report.SuccessRate));
        Assert.False(report.Pass);
    }

    [Fact]
    public void Read_RowWrittenByTheEngine_RoundTrips()
    {
        var tick = new Loop.Actors.Loop.TickCompleted(7, DateTimeOffset.FromUnixTimeMilliseconds(1_000), DateTimeOffset.FromUnixTimeMilliseconds(1_012), 0.25, 12.5, 5, 3, 1, 0, 1, 0, false);
        File.WriteAllLines(_file, [MetricsCsvWriter.Header, MetricsCsvWriter.Row(tick, "r1")]);

        var row = Assert.Single(MetricsVerifier.Read(_file));

        Assert.Equal(new MetricsRow(0.25, 12.5, 3, 1, 0, 1) { Run = "r1", Paused = false, Overrun = false }, row);
    }

    [Fact]
    public void Read_FileFromBeforeRuns_OneRun_OverrunsAsTicksWithATimeout()
    {
        File.WriteAllLines(_file, [MetricsCsvWriter.HeaderWithoutRuns, "2026-01-01T00:00:00.000Z,1,2,0.1,2,1,1,0,0,0,0,1.0,OK", "2026-01-01T00:00:00.200Z,2,202,0.1,150,1,0,1,0,0,0,0.0,OK"]);

        var rows = MetricsVerifier.Read(_file);
        var report = MetricsVerifier.Judge(MetricsVerifier.SelectRun(rows, "latest", _file), 60, 0.5);

        Assert.Equal((2, 1, 0), (report.Ticks, report.Overruns, MetricsVerifier.Runs(rows).Count));
    }

    [Fact]
    public void SelectRun_LatestByDefault_AllOrOneById_PausedTicksLeftOutOfLatency()
    {
        // Issue 12, item 18: metrics.csv is appended across runs and ticks restart at 1.
        var first = Enumerable.Range(1, 900).Select(i => new MetricsRow(0, 50, 1, 0, 0, 0) { Run = "a", Overrun = i <= 3 });
        var second = Enumerable.Range(1, 5).Select(i => new MetricsRow(0, 10, 1, 0, 0, 0) { Run = "b", Overrun = i == 1 })
            .Concat(Enumerable.Range(1, 5).Select(_ => new MetricsRow(0, 0.05, 0, 0, 0, 0) { Run = "b", Paused = true, Overrun = false }));
        var rows = first.Concat(second).ToList();

        var latest = MetricsVerifier.Judge(MetricsVerifier.SelectRun(rows, "latest", _file), 60, 0.97);
        var all = MetricsVerifier.Judge(MetricsVerifier.SelectRun(rows, "all", _file), 60, 0.97);
        var byId = MetricsVerifier.Judge(MetricsVerifier.SelectRun(rows, "a", _file), 60, 0.97);

        Assert.Equal((10, 1, 5, 10.0, 10.0), (latest.Ticks, latest.Overruns, latest.Paused, latest.LatencyP50, latest.LatencyMax)); // not 905 ticks, 4 overruns, 0.05 ms
        Assert.Equal((910, 4), (all.Ticks, all.Overruns));
        Assert.Equal((900, 3), (byId.Ticks, byId.Overruns));
        Assert.Contains("no run 'zz'", Assert.Throws<VerifyInputException>(() => MetricsVerifier.SelectRun(rows, "zz", _file)).Message, StringComparison.Ordinal);
        Assert.Equal(["a", "b"], MetricsVerifier.Runs(rows));
    }

    [Theory]
    [InlineData("", "is empty")]
    [InlineData("a,b,c\n1,2,3", "is not a loop metrics file")]
    [InlineData("HEADER", "has no ticks to judge")]
    [InlineData("HEADER\n2026-01-01T00:00:00.000Z,1,2,0.1", ":2: expected 18 columns but found 4")]
    [InlineData("HEADER\n2026-01-01T00:00:00.000Z,1,2,0.1,fast,1,1,0,0,0,0,1.0,OK,0,0,r,1,1", ":2: loop_latency_ms must be a number (got \"fast\")")]
    [InlineData("HEADER\n2026-01-01T00:00:00.000Z,1,2,0.1,2,1,-1,0,0,0,0,1.0,OK,0,0,r,1,1", ":2: ok must be a whole number >= 0 (got \"-1\")")]
    [InlineData("HEADER\n2026-01-01T00:00:00.000Z,1,2,0.1,2,1,1,0,0,0,0,1.0,OK,0,0,,1,1", ":2: run must not be empty")]
    [InlineData("OLD\n2026-01-01T00:00:00.000Z,1,2,0.1,2,1,1,0,0,0,0,1.0,OK,0,0,r", ":2: expected 13 columns but found 16")]
    [InlineData("RUNS\n2026-01-01T00:00:00.000Z,1,2,0.1,2,1,1,0,0,0,0,1.0,OK,0,0,r,1,1", ":2: expected 16 columns but found 18")]
    public void Read_Malformed_OneClearError(string content, string expected)
    {
        File.WriteAllText(_file, content.Replace("HEADER", MetricsCsvWriter.Header, StringComparison.Ordinal).Replace("OLD", MetricsCsvWriter.HeaderWithoutRuns, StringComparison.Ordinal).Replace("RUNS", MetricsCsvWriter.HeaderWithoutDue, StringComparison.Ordinal));

        var error = Assert.Throws<VerifyInputException>(() => MetricsVerifier.Read(_file));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Row_Golden_ExactColumnsAndFormats()
    {
        var tick = new Loop.Actors.Loop.TickCompleted(
            42,
            DateTimeOffset.FromUnixTimeMilliseconds(1_795_321_915_162),
            new DateTimeOffset(2026, 11, 22, 4, 31, 55, 181, TimeSpan.Zero),
            3.2164,
            18.4471,
            4,
            2,
            1,
            0,
            0,
            1,
            true) { AdaptersDue = 4, AdaptersRan = 3 };

        Assert.Equal("2026-11-22T04:31:55.181Z,42,1795321915162,3.216,18.447,4,2,1,0,0,1,0.6667,OK,0,1,20261122T043155Z-77,4,3", MetricsCsvWriter.Row(tick, MetricsCsvWriter.RunId(tick.Completed, 77)));
        Assert.Equal("ts,tick,due_ms,jitter_ms,loop_latency_ms,adapters,ok,timeout,error,rejected,skipped,success_rate,r_axis_loop,paused,overrun,run,due,ran", MetricsCsvWriter.Header);
        Assert.EndsWith(",,OK,1,0,r,4,3", MetricsCsvWriter.Row(tick with { Ok = 0, Timeout = 0, Skipped = 4, Paused = true, Overrun = false }, "r"), StringComparison.Ordinal);
    }

    [Fact]
    public void Read_FileFromBeforeIntervals_SixteenColumns_ReadsAsBefore()
    {
        File.WriteAllLines(_file, [MetricsCsvWriter.HeaderWithoutDue, "2026-01-01T00:00:00.000Z,1,2,0.1,2,1,1,0,0,0,0,1.0,OK,0,0,r1", "2026-01-01T00:00:00.200Z,2,202,0.1,150,1,0,1,0,0,0,0.0,OK,0,1,r1"]);

        var rows = MetricsVerifier.Read(_file);

        Assert.Equal(2, rows.Count);
        Assert.Equal("r1", rows[1].Run);
        Assert.True(rows[1].Overrun);
    }

    public void Dispose() => File.Delete(_file);
}
