using Loop.Actors.Telemetry;
using Loop.Benchmarks.Load;
using Loop.Exporter.Collection;

namespace Loop.Benchmarks;

/// <summary>The loop's metrics as `loop run` serves them: the LoopMetrics seam and what renders /metrics from it.</summary>
internal sealed class MetricsUnderTest : IDisposable
{
    private readonly MeterCollector _collector = new(LoopMetrics.MeterName);

    public LoopMetrics Loop { get; } = new();

    /// <summary>Renders the whole exposition (text format 0.0.4); returns the bytes written.</summary>
    public long Render()
    {
        var sink = new DiscardingBufferWriter();
        _collector.WriteTo(sink);
        return sink.Written;
    }

    public void Dispose()
    {
        Loop.Dispose();
        _collector.Dispose();
    }
}
