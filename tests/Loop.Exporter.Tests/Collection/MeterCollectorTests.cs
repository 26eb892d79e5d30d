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
            "resonance_adapter_results_total{adapter=\"b\",outcome=\"ok\"} 1\n" +       // series in creation order
            "resonance_adapter_results_total{adapter=\"a\",outcome=\"ok\"} 3\n" +
            "resonance_adapter_results_total{adapter=\"a\",outcome=\"timeout\"} 1\n" +
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
    public void Observable_ReadAtEachScrape_LastValueWinsAndUnreportedSeriesVanish()
    {
        var meterName = "Test." + Guid.NewGuid().ToString("N");
        using var collector = new MeterCollector(meterName);
        using var meter = new Meter(meterName);
        var adapters = new List<(string Name, long Ok)> { ("a", 5), ("b", 7) };
        meter.CreateObservableCounter(
            "resonance_adapter_results_total",
            () => adapters.Select(x => new Measurement<long>(x.Ok, new KeyValuePair<string, object?>("adapter", x.Name))).ToList(),
            null,
            "Results.");

        Assert.Equal(
            "# HELP resonance_adapter_results_total Results.\n" +
            "# TYPE resonance_adapter_results_total counter\n" +
            "resonance_adapter_results_total{adapter=\"a\"} 5\n" +
            "resonance_adapter_results_total{adapter=\"b\"} 7\n",
            Render(collector));

        adapters = [("b", 9), ("c", 1)]; // a removed, b counted on, c added
        var text = Render(collector);

        Assert.Equal(
            "# HELP resonance_adapter_results_total Results.\n" +
            "# TYPE resonance_adapter_results_total counter\n" +
            "resonance_adapter_results_total{adapter=\"b\"} 9\n" +   // observed totals are set, not added
            "resonance_adapter_results_total{adapter=\"c\"} 1\n",
            text);
    }

    [Fact]
    public void Observable_MeterDisposed_FamilyDropped_PushedFamilyKept()
    {
        var meterName = "Test." + Guid.NewGuid().ToString("N");
        using var collector = new MeterCollector(meterName);
        var meter = new Meter(meterName);
        meter.CreateObservableGauge("resonance_adapter_success_rate", () => 0.5, null, "Rate.");
        meter.CreateCounter<long>("resonance_ticks_total", null, "Ticks.").Add(3);
        Assert.Contains("resonance_adapter_success_rate 0.5\n", Render(collector), StringComparison.Ordinal);

        meter.Dispose();
        var text = Render(collector);

        Assert.DoesNotContain("resonance_adapter_success_rate", text, StringComparison.Ordinal);
        Assert.Contains("resonance_ticks_total 3\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Histogram_SeriesReportedInAnyOrder_EachCountedInItsOwnSeries()
    {
        // Exercises both lookups of the series table: the "next in order" probe and the hash.
        var meterName = "Test." + Guid.NewGuid().ToString("N");
        using var collector = new MeterCollector(meterName, [1]);
        using var meter = new Meter(meterName);
        var latency = meter.CreateHistogram<double>("lat_seconds");
        var names = Enumerable.Range(0, 50).Select(i => "a" + i).ToArray();
        var random = new Random(7);
        var expected = new Dictionary<string, int>();
        for (var i = 0; i < 5_000; i++)
        {
            var name = i < 2_500 ? names[i % names.Length] : names[random.Next(names.Length)];
            latency.Record(0.5, new KeyValuePair<string, object?>("adapter", name));
            expected[name] = expected.GetValueOrDefault(name) + 1;
        }

        var counts = Render(collector).Split('\n')
            .Where(l => l.StartsWith("lat_seconds_count{", StringComparison.Ordinal))
            .ToDictionary(l => l[(l.IndexOf('"', StringComparison.Ordinal) + 1)..l.LastIndexOf('"')], l => int.Parse(l.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(expected.OrderBy(p => p.Key), counts.OrderBy(p => p.Key));
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
        var output = new System.Buffers.ArrayBufferWriter<byte>();
        collector.WriteTo(output);
        return System.Text.Encoding.UTF8.GetString(output.WrittenSpan);
    }
}
