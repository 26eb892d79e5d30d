namespace Loop.Benchmarks.Load;

/// <summary>One row of an engine's metrics.csv, the columns the benchmarks read (Ran: adapters called, -1 in files before issue 18).</summary>
public sealed record TickRow(DateTimeOffset Ts, long Tick, double DueMs, double JitterMs, double LatencyMs, int Ran = -1);
