namespace Loop.Engine.Spec;

/// <summary>The spec's <c>output</c> block: where metrics.csv and engine.log go, and how big the outputs grow.</summary>
/// <param name="MetricsCsv">metrics.csv's path.</param>
/// <param name="Log">engine.log's path.</param>
internal sealed record OutputSection(string MetricsCsv, string Log)
{
    /// <summary>Gets the size past which metrics.csv, events.jsonl and engine.log roll, in KiB (64 MiB by default).</summary>
    public int MaxSizeKb { get; init; } = 64 * 1024;

    /// <summary>Gets how many rolled files of each are kept (the oldest beyond go).</summary>
    public int Keep { get; init; } = 5;
}
