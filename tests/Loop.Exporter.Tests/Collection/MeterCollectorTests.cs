using System.Diagnostics.Metrics;
using Loop.Exporter.Collection;

namespace Loop.Exporter.Tests.Collection;

public sealed class MeterCollectorTests
{
    [Fact]
    public void WriteTo_CountersGaugesHistograms_GoldenText()
    {
        var meterName = "Test." + Guid.NewGuid().ToString("N");
        using var collector = new MeterCollector(meterName, [0.04, 0.06, 0.08]);
        using var meter = new Meter(meterName);
        var results = meter.CreateCounter<long>("resonance_adapter_results_total", null, "Adapter results by outcome.");
        var latency = meter.CreateHistogram<double>("resonance_loop_latency_seconds", "s", "Loop latency per tick, in seconds.");
        var gauge = meter.CreateGauge<double>("resonance_loop_latency_ms", "ms", "Last tick's latency, in ms.");
        var a = new KeyValuePair<string, object?>("adapter", "a");
        var b = new KeyValuePair<string, object?>("adapter", "b");

        results.Add(1, b, new("outcome", "ok"));
        results.Add(2, a, new("outcome", "ok"));
        results.Add(1, a, new("outcome", "ok"));
        results.Add(1, a, new("outcome", "timeout"));
        foreach (var seconds in new[] { 0.01, 0.04, 0.05, 0.07, 0.5 })
        {
            latency.Record(seconds);
        }

        gauge.Record(12);
        gauge.Record(61.5);

        Assert.Equal(
            "# HELP resonance_adapter_results_total Adapter results by outcome.\n" +
            "# TYPE resonance_adapter_results_total counter\n" +
            "resonance_adapter_results_total{adapter=\"a\",outcome=\"ok\"} 3\n" +
            "resonance_adapter_results_total{adapter=\"a\",outcome=\"timeout\"} 1\n" +
            "resonance_adapter_results_total{adapter=\"b\",outcome=\"ok\"} 1\n" +
            "# HELP resonance_loop_latency_ms Last tick's latency, in ms.\n" +
            "# TYPE resonance_loop_latency_ms gauge\n" +
            "resonance_loop_latency_ms 61.5\n" +
            "# HELP resonance_loop_latency_seconds Loop latency per tick, in seconds.\n" +
            "# TYPE resonance_loop_latency_seconds histogram\n" +
            "resonance_loop_latency_seconds_bucket{le=\"0.04\"} 2\n" +     // 0.01 and 0.04 (le is inclusive)
            "resonance_loop_latency_seconds_bucket{le=\"0.06\"} 3\n" +
            "resonance_loop_latency_seconds_bucket{le=\"0.08\"} 4\n" +
            "resonance_loop_latency_seconds_bucket{le=\"+Inf\"} 5\n" +
            "resonance_loop_latency_seconds_sum 0.67\n" +
            "resonance_loop_latency_seconds_count 5\n",
            Render(collector));
    }

    [Fact]
    public void WriteTo_OtherMeters_Ignored()
    {
        var meterName = "Test." + Guid.NewGuid().ToString("N");
        using var collector = new MeterCollector(meterName);
        using var other = new Meter(meterName + ".other");
        other.CreateCounter<long>("other_total").Add(1);

        Assert.Equal(string.Empty, Render(collector));
    }

    [Fact]
    public async Task Record_FromManyThreads_NothingLost()
    {
        var meterName = "Test." + Guid.NewGuid().ToString("N");
        using var collector = new MeterCollector(meterName);
        using var meter = new Meter(meterName);
        var counter = meter.CreateCounter<long>("hits_total");

        await Task.WhenAll(Enumerable.Range(0, 4).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < 50_000; i++)
            {
                counter.Add(1, new KeyValuePair<string, object?>("adapter", "a" + (i % 3)));
                if (i % 10_000 == 0)
                {
                    Render(collector); // scrapes while recording
                }
            }
        })));

        var text = Render(collector);
        var total = text.Split('\n').Where(l => l.StartsWith("hits_total{", StringComparison.Ordinal)).Sum(l => long.Parse(l.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(200_000, total);
    }

    private static string Render(MeterCollector collector)
    {
        using var output = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        collector.WriteTo(output);
        return output.ToString();
    }
}
