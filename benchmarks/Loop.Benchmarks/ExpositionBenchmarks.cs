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
        // The same instruments and order as the engine's LoopMetrics: everything pushed, per adapter in slot order.
        var name = "Bench." + Guid.NewGuid().ToString("N");
        _collector = new MeterCollector(name);
        _meter = new Meter(name);
        var results = _meter.CreateCounter<long>("resonance_adapter_results_total", null, "Adapter results by outcome.");
        var latency = _meter.CreateHistogram<double>("resonance_adapter_latency_seconds", "s", "Adapter call latency, in seconds.");
        var state = _meter.CreateGauge<int>("resonance_adapter_state", null, "1 for the current state.");
        var success = _meter.CreateGauge<double>("resonance_adapter_success_rate", null, "Success rate.");
        var random = new Random(1);
        for (var i = 0; i < Adapters; i++)
        {
            var adapter = new KeyValuePair<string, object?>("adapter", "adapter-" + i);
            foreach (var outcome in Outcomes)
            {
                results.Add(random.Next(1, 1000), adapter, new KeyValuePair<string, object?>("outcome", outcome));
            }

            foreach (var s in States)
            {
                state.Record(s == "running" ? 1 : 0, adapter, new KeyValuePair<string, object?>("state", s));
            }

            latency.Record(random.NextDouble() * 0.2, adapter);
            success.Record(random.NextDouble(), adapter);
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
