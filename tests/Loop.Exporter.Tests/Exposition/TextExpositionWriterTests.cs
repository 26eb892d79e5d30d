using System.Globalization;

using Loop.Exporter.Tests.Support;

namespace Loop.Exporter.Tests.Exposition;

public sealed class TextExpositionWriterTests
{
    private static readonly double[] LatencyBounds = [0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.15, 0.2];

    [Fact]
    public void Counter_WithLabels_GoldenText()
    {
        var text = Render(w =>
        {
            w.Family("resonance_adapter_results_total", "Adapter call results by outcome.", MetricType.Counter);
            w.Sample([new("adapter", "api-health"), new("outcome", "ok")], 10);
            w.Sample([new("adapter", "api-health"), new("outcome", "timeout")], 2);
        });

        Assert.Equal(
            "# HELP resonance_adapter_results_total Adapter call results by outcome.\n" +
            "# TYPE resonance_adapter_results_total counter\n" +
            "resonance_adapter_results_total{adapter=\"api-health\",outcome=\"ok\"} 10\n" +
            "resonance_adapter_results_total{adapter=\"api-health\",outcome=\"timeout\"} 2\n",
            text);
    }

    [Fact]
    public void Histogram_GoldenText_CumulativeBucketsInfEqualsCountThenSumAndCount()
    {
        var text = Render(w =>
        {
            w.Family("resonance_loop_latency_seconds", "Loop latency per tick, in seconds.", MetricType.Histogram);
            w.Histogram([], [0.04, 0.06, 0.08], [3, 5, 5], 0.4125, 6);
        });

        Assert.Equal(
            "# HELP resonance_loop_latency_seconds Loop latency per tick, in seconds.\n" +
            "# TYPE resonance_loop_latency_seconds histogram\n" +
            "resonance_loop_latency_seconds_bucket{le=\"0.04\"} 3\n" +
            "resonance_loop_latency_seconds_bucket{le=\"0.06\"} 5\n" +
            "resonance_loop_latency_seconds_bucket{le=\"0.08\"} 5\n" +
            "resonance_loop_latency_seconds_bucket{le=\"+Inf\"} 6\n" +
            "resonance_loop_latency_seconds_sum 0.4125\n" +
            "resonance_loop_latency_seconds_count 6\n",
            text);
    }

    [Fact]
    public void Histogram_WithLabels_LeJoinsTheLabelSet()
    {
        var text = Render(w =>
        {
            w.Family("resonance_adapter_latency_seconds", "Adapter call latency, in seconds.", MetricType.Histogram);
            w.Histogram([new("adapter", "api")], [0.04], [1], 0.03, 2);
        });

        Assert.Equal(
            "# HELP resonance_adapter_latency_seconds Adapter call latency, in seconds.\n" +
            "# TYPE resonance_adapter_latency_seconds histogram\n" +
            "resonance_adapter_latency_seconds_bucket{adapter=\"api\",le=\"0.04\"} 1\n" +
            "resonance_adapter_latency_seconds_bucket{adapter=\"api\",le=\"+Inf\"} 2\n" +
            "resonance_adapter_latency_seconds_sum{adapter=\"api\"} 0.03\n" +
            "resonance_adapter_latency_seconds_count{adapter=\"api\"} 2\n",
            text);
    }

    [Theory]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(0.1, "0.1")]
    [InlineData(1e-7, "1E-07")]
    [InlineData(12345678.5, "12345678.5")]
    public void Gauge_SpecialAndPlainNumbers_WrittenInvariant(double value, string expected)
    {
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = new CultureInfo("de-DE"); // a comma-decimal culture must not leak in
        try
        {
            var text = Render(w =>
            {
                w.Family("resonance_loop_latency_ms", "Loop latency of the last tick, in ms.", MetricType.Gauge);
                w.Sample([], value);
            });

            Assert.EndsWith($"resonance_loop_latency_ms {expected}\n", text, StringComparison.Ordinal);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void LabelValues_BackslashQuoteNewline_Escaped()
    {
        var text = Render(w =>
        {
            w.Family("resonance_adapter_state", "State.", MetricType.Gauge);
            w.Sample([new("adapter", "a\\b\"c\nd")], 1);
        });

        Assert.Contains("resonance_adapter_state{adapter=\"a\\\\b\\\"c\\nd\"} 1\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_BackslashAndNewline_Escaped()
    {
        var text = Render(w => w.Family("x_total", "line one\nback\\slash", MetricType.Counter));

        Assert.StartsWith("# HELP x_total line one\\nback\\\\slash\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void FamilyWrittenTwice_Refused()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Render(w =>
        {
            w.Family("resonance_ticks_total", "Ticks.", MetricType.Counter);
            w.Family("resonance_ticks_total", "Ticks.", MetricType.Counter);
        }));
        Assert.Contains("already written", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DuplicateSeries_Refused()
    {
        Assert.Throws<InvalidOperationException>(() => Render(w =>
        {
            w.Family("resonance_adapter_restarts_total", "Restarts.", MetricType.Counter);
            w.Sample([new("adapter", "a")], 1);
            w.Sample([new("adapter", "a")], 2);
        }));
    }

    [Fact]
    public void NonCumulativeBuckets_Refused()
    {
        var error = Assert.Throws<ArgumentException>(() => Render(w =>
        {
            w.Family("h_seconds", "H.", MetricType.Histogram);
            w.Histogram([], [0.1, 0.2], [5, 3], 1, 6);
        }));
        Assert.Contains("cumulative", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BucketAboveCount_Refused()
    {
        Assert.Throws<ArgumentException>(() => Render(w =>
        {
            w.Family("h_seconds", "H.", MetricType.Histogram);
            w.Histogram([], [0.1], [7], 1, 6);
        }));
    }

    [Theory]
    [InlineData("resonance_ticks", true)]     // counters end in _total
    [InlineData("9bad", false)]
    [InlineData("has-dash", false)]
    public void BadNames_Refused(string name, bool counter)
    {
        Assert.Throws<ArgumentException>(() => Render(w => w.Family(name, "x", counter ? MetricType.Counter : MetricType.Gauge)));
    }

    [Theory]
    [InlineData("le")]
    [InlineData("__reserved")]
    [InlineData("bad-label")]
    public void BadLabelNames_Refused(string label)
    {
        Assert.Throws<ArgumentException>(() => Render(w =>
        {
            w.Family("g", "G.", MetricType.Gauge);
            w.Sample([new(label, "v")], 1);
        }));
    }

    [Fact]
    public void NegativeCounter_Refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Render(w =>
        {
            w.Family("c_total", "C.", MetricType.Counter);
            w.Sample([], -1);
        }));
    }

    [Fact]
    public void SampleBeforeFamily_Refused()
    {
        Assert.Throws<InvalidOperationException>(() => Render(w => w.Sample([], 1)));
    }

    [Fact]
    public async Task Promtool_RepresentativeExposition_OnlyTheExpectedMsLint()
    {
        var text = Render(w =>
        {
            w.Family("resonance_loop_latency_ms", "Loop latency of the last completed tick, in milliseconds (the user's name).", MetricType.Gauge);
            w.Sample([], 12.5);
            w.Family("resonance_loop_latency_seconds", "Loop latency per tick: completion minus due time, in seconds.", MetricType.Histogram);
            w.Histogram([], LatencyBounds, [1, 2, 5, 9, 10, 10, 10, 10, 10], 0.31, 11);
            w.Family("resonance_ticks_total", "Ticks run.", MetricType.Counter);
            w.Sample([], 11);
            w.Family("resonance_adapter_success_rate", "Share of ok results in the adapter's R-Axis window, 0 to 1.", MetricType.Gauge);
            w.Sample([new("adapter", "api-health")], 0.98);
            w.Sample([new("adapter", "synthetic-a")], double.NaN);
            w.Family("resonance_adapter_results_total", "Adapter call results by outcome.", MetricType.Counter);
            w.Sample([new("adapter", "api-health"), new("outcome", "ok")], 10);
        });

        var (code, output) = await Promtool.RunAsync(null, text, "check", "metrics");

        var findings = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(findings, f => Assert.Contains("resonance_loop_latency_ms", f, StringComparison.Ordinal));
        Assert.Single(findings);
        Assert.NotEqual(0, code); // promtool reports the _ms lint: the one finding we accept (the user's name)
    }

    [Fact]
    public async Task Promtool_WithoutTheMsGauge_Clean()
    {
        var text = Render(w =>
        {
            w.Family("resonance_tick_jitter_seconds", "Tick start minus due time, in seconds.", MetricType.Histogram);
            w.Histogram([], LatencyBounds, [5, 5, 5, 5, 5, 5, 5, 5, 5], 0.001, 5);
            w.Family("resonance_adapter_restarts_total", "Backoff restarts per adapter.", MetricType.Counter);
            w.Sample([new("adapter", "a")], 0);
        });

        var (code, output) = await Promtool.RunAsync(null, text, "check", "metrics");

        Assert.True(code == 0, output);
    }

    private static string Render(Action<TextExpositionWriter> write)
    {
        var output = new System.Buffers.ArrayBufferWriter<byte>();
        write(new TextExpositionWriter(output));
        return System.Text.Encoding.UTF8.GetString(output.WrittenSpan);
    }
}
