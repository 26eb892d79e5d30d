namespace Loop.Load.Stats;

/// <summary>One second of a scenario: when, ok and failed calls per second, ok latency p50/p99 (ms), calls in flight.</summary>
/// <param name="Seconds">Seconds since the counted part started.</param>
/// <param name="OkPerSecond">Ok calls per second in this interval.</param>
/// <param name="FailPerSecond">Failed calls per second in this interval.</param>
/// <param name="P50Ms">Median ok latency in this interval (NaN with no ok calls).</param>
/// <param name="P99Ms">99th percentile ok latency in this interval (NaN with no ok calls).</param>
/// <param name="InFlight">Calls started and not ended at the sample.</param>
public sealed record TimelinePoint(double Seconds, double OkPerSecond, double FailPerSecond, double P50Ms, double P99Ms, long InFlight);
