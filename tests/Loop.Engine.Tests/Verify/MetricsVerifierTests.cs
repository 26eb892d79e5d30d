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
        File.WriteAllLines(_file, [MetricsCsvWriter.Header, MetricsCsvWriter.Row(tick)]);

        var row = Assert.Single(MetricsVerifier.Read(_file));

        Assert.Equal(new MetricsRow(0.25, 12.5, 3, 1, 0, 1), row);
    }

    [Theory]
    [InlineData("", "is empty")]
    [InlineData("a,b,c\n1,2,3", "is not a loop metrics file")]
    [InlineData("HEADER", "has no ticks to judge")]
    [InlineData("HEADER\n2026-01-01T00:00:00.000Z,1,2,0.1", ":2: expected 13 columns but found 4")]
    [InlineData("HEADER\n2026-01-01T00:00:00.000Z,1,2,0.1,fast,1,1,0,0,0,0,1.0,OK", ":2: loop_latency_ms must be a number (got \"fast\")")]
    [InlineData("HEADER\n2026-01-01T00:00:00.000Z,1,2,0.1,2,1,-1,0,0,0,0,1.0,OK", ":2: ok must be a whole number >= 0 (got \"-1\")")]
    public void Read_Malformed_OneClearError(string content, string expected)
    {
        File.WriteAllText(_file, content.Replace("HEADER", MetricsCsvWriter.Header, StringComparison.Ordinal));

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
            true);

        Assert.Equal("2026-11-22T04:31:55.181Z,42,1795321915162,3.216,18.447,4,2,1,0,0,1,0.6667,OK", MetricsCsvWriter.Row(tick));
        Assert.Equal("ts,tick,due_ms,jitter_ms,loop_latency_ms,adapters,ok,timeout,error,rejected,skipped,success_rate,r_axis_loop", MetricsCsvWriter.Header);
        Assert.EndsWith(",,OK", MetricsCsvWriter.Row(tick with { Ok = 0, Timeout = 0, Skipped = 4 }), StringComparison.Ordinal);
    }

    public void Dispose() => File.Delete(_file);
}
