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

    /// <summary>As the endpoint renders: streamed as UTF-8 through a 64 KiB buffer (here into a counting sink, not a socket).</summary>
    [Benchmark]
    public long Render10000Adapters()
    {
        using var sink = new CountingStream();
        using (var output = new StreamWriter(sink, new System.Text.UTF8Encoding(false), 64 * 1024, leaveOpen: true))
        {
            _collector.WriteTo(output);
        }

        return sink.Length;
    }

    private sealed class CountingStream : Stream
    {
        private long _length;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _length;

        public override long Position { get => _length; set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => _length += count;

        public override void Write(ReadOnlySpan<byte> buffer) => _length += buffer.Length;

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
