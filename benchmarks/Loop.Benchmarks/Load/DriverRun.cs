using System.Globalization;

namespace Loop.Benchmarks.Load;

/// <summary>One load driver's run: requests per second, p50/p99 (ms, NaN when the tool has none), CPU per request (µs).</summary>
public sealed record DriverRun(double Rps, double P50Ms, double P99Ms, double CpuMicrosPerRequest)
{
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture, $"{Rps:0} req/s, p50 {P50Ms:0.000} ms, p99 {P99Ms:0.000} ms, CPU {CpuMicrosPerRequest:0.0} µs per request");
}
