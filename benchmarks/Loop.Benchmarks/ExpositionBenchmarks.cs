using System.Diagnostics.Metrics;
using BenchmarkDotNet.Attributes;
using Loop.Exporter.Collection;

namespace Loop.Benchmarks;

/// <summary>
/// Rendering /metrics for 10,000 adapters: per adapter 5 result counters, a 15-bucket latency
/// histogram, 5 state gauges and a success rate (about 29 lines each, 290,000 lines in all).
/// </summary>
[MemoryDiagnoser]
public class ExpositionBenchmarks
{
    private const int Adapters = 10_000;
    private static readonly string[] Outcomes = ["ok", "timeout", "error", "rejected", "skipped"];
    private static readonly string[] States = ["running", "backoff", "parked", "disabled", "starting"];
    private Meter _meter = null!;
    private MeterCollector _collector = null!;

    [GlobalSetup]
    public void Setup()
    {
        // The same shape as the engine's LoopMetrics: results, state and success rate are observable
        // (read at each scrape from per-adapter counts), the latency histogram is recorded per call.
        var name = "Bench." + Guid.NewGuid().ToString("N");
        _collector = new MeterCollector(name);
        _meter = new Meter(name);
        var random = new Random(1);
        var adapterTags = Enumerable.Range(0, Adapters).Select(i => new KeyValuePair<string, object?>("adapter", "adapter-" + i)).ToArray();
        var outcomeTags = Outcomes.Select(o => new KeyValuePair<string, object?>("outcome", o)).ToArray();
        var stateTags = States.Select(s => new KeyValuePair<string, object?>("state", s)).ToArray();
        var counts = Enumerable.Range(0, Adapters * Outcomes.Length).Select(_ => (long)random.Next(1, 1000)).ToArray();
        var rates = Enumerable.Range(0, Adapters).Select(_ => random.NextDouble()).ToArray();
        _meter.CreateObservableCounter("resonance_adapter_results_total", () => ObserveResults(counts, adapterTags, outcomeTags), null, "Adapter results by outcome.");
        _meter.CreateObservableGauge("resonance_adapter_state", () => ObserveStates(adapterTags, stateTags), null, "1 for the current state.");
        _meter.CreateObservableGauge("resonance_adapter_success_rate", () => ObserveRates(rates, adapterTags), null, "Success rate.");
        var latency = _meter.CreateHistogram<double>("resonance_adapter_latency_seconds", "s", "Adapter call latency, in seconds.");
        for (var i = 0; i < Adapters; i++)
        {
            latency.Record(random.NextDouble() * 0.2, adapterTags[i]);
        }
    }

    private static IEnumerable<Measurement<long>> ObserveResults(long[] counts, KeyValuePair<string, object?>[] adapterTags, KeyValuePair<string, object?>[] outcomeTags)
    {
        for (var a = 0; a < Adapters; a++)
        {
            for (var o = 0; o < Outcomes.Length; o++)
            {
                yield return new Measurement<long>(counts[(a * Outcomes.Length) + o], adapterTags[a], outcomeTags[o]);
            }
        }
    }

    private static IEnumerable<Measurement<int>> ObserveStates(KeyValuePair<string, object?>[] adapterTags, KeyValuePair<string, object?>[] stateTags)
    {
        for (var a = 0; a < Adapters; a++)
        {
            for (var s = 0; s < States.Length; s++)
            {
                yield return new Measurement<int>(s == 0 ? 1 : 0, adapterTags[a], stateTags[s]);
            }
        }
    }

    private static IEnumerable<Measurement<double>> ObserveRates(double[] rates, KeyValuePair<string, object?>[] adapterTags)
    {
        for (var a = 0; a < Adapters; a++)
        {
            yield return new Measurement<double>(rates[a], adapterTags[a]);
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _collector.Dispose();
        _meter.Dispose();
    }

    /// <summary>As the endpoint renders: UTF-8 into a buffer writer (here one that drops the bytes, not a socket's pipe).</summary>
    [Benchmark]
    public long Render10000Adapters()
    {
        var sink = new Load.DiscardingBufferWriter();
        _collector.WriteTo(sink);
        return sink.Written;
    }
}
