using Loop.Actors.Telemetry;
using Prometheus;

namespace Loop.Benchmarks;

/// <summary>The loop's metrics as `loop run` serves them: the LoopMetrics seam on a registry of its own, and the render /metrics does.</summary>
internal sealed class MetricsUnderTest
{
    private readonly CollectorRegistry _registry = Metrics.NewCustomRegistry();

    public MetricsUnderTest() => Loop = new LoopMetrics(_registry);

    public LoopMetrics Loop { get; }

    /// <summary>Renders the whole exposition (text format 0.0.4); returns the bytes written.</summary>
    public long Render()
    {
        using var sink = new Load.CountingStream();
        _registry.CollectAndExportAsTextAsync(sink).GetAwaiter().GetResult();
        return sink.Length;
    }
}
