namespace Loop.Engine.Hosting;

/// <summary>One node's part of the cluster's work over its last report (<see cref="NodeLoadReporter.ReportEvery"/>).</summary>
/// <param name="Node">The node, host:port.</param>
/// <param name="Adapters">The adapters it runs (in its last tick).</param>
/// <param name="RanPerTick">Adapters it called per tick, on average.</param>
/// <param name="LoopLatencyMs">Its loop latency (a tick's completion minus its due time), on average.</param>
/// <param name="LoopLatencyP99Ms">Its loop latency's 99th percentile.</param>
/// <param name="Ticks">The ticks the figures are over.</param>
internal sealed record NodeLoad(string Node, int Adapters, double RanPerTick, double LoopLatencyMs, double LoopLatencyP99Ms, int Ticks);
