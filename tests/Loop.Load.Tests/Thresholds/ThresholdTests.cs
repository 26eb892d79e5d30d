using Loop.Load.Thresholds;

namespace Loop.Load.Tests.Thresholds;

public sealed class ThresholdTests
{
    [Fact]
    public void ParseGate_Canary_IsP95At200MsAndFailAtHalfAPercent()
    {
        var gate = Threshold.ParseGate(Threshold.Canary);

        Assert.Equal([("p95", 200.0), ("fail", 0.5)], gate.Select(static t => (t.Metric, t.Limit)));
    }

    [Fact]
    public void Parse_Seconds_AreMilliseconds()
    {
        Assert.Equal(1500, Threshold.Parse("p99=1.5s").Limit);
        Assert.Equal(2, Threshold.Parse("jitter_p99<=2ms").Limit);
    }

    [Theory]
    [InlineData("p95")]
    [InlineData("p95=200")]
    [InlineData("fail=1ms")]
    [InlineData("p95=5%")]
    [InlineData("=3ms")]
    public void Parse_Malformed_SaysHowToWriteIt(string term)
    {
        var error = Assert.Throws<FormatException>(() => Threshold.Parse(term));

        Assert.Contains(term, error.Message, StringComparison.Ordinal);
        Assert.Contains("like", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Judge_OnTheLimit_Passes_AboveOrNothingObserved_Fails()
    {
        var p95 = Threshold.Parse("p95=200ms");

        Assert.True(p95.Judge(200).Passed);
        Assert.False(p95.Judge(200.001).Passed);
        Assert.False(p95.Judge(double.NaN).Passed);
    }
}
