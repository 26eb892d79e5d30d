namespace Loop.Benchmarks.Load;

/// <summary>One row of an engine's metrics.csv, the columns the benchmarks read.</summary>
public sealed record TickRow(DateTimeOffset Ts, long Tick, double DueMs, double JitterMs, double LatencyMs);
