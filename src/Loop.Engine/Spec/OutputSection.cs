namespace Loop.Engine.Spec;

/// <summary>The spec's <c>output</c> block: where metrics.csv and engine.log go.</summary>
internal sealed record OutputSection(string MetricsCsv, string Log);
