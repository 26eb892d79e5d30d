namespace Loop.Engine.Verify;

/// <summary>The figures of one metrics.csv row that verify judges.</summary>
internal readonly record struct MetricsRow(double JitterMs, double LatencyMs, int Ok, int Timeout, int Error, int Rejected);
