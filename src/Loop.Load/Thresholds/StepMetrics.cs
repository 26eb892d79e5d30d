using Loop.Load.Stats;

namespace Loop.Load.Thresholds;

/// <summary>The metrics a threshold can name on a report row.</summary>
public static class StepMetrics
{
    /// <summary>The names a gate may use on a scenario.</summary>
    public static readonly IReadOnlyList<string> Names = ["p50", "p75", "p95", "p99", "mean", "max", "min", "fail"];

    /// <summary>The row's value for <paramref name="metric"/>, or null when the row has no such metric.</summary>
    /// <param name="row">The row.</param>
    /// <param name="metric">The metric's name.</param>
    /// <returns>The value (milliseconds, or percent for fail).</returns>
    public static double? Of(StepResult row, string metric) => metric switch
    {
        "p50" => row.P50Ms,
        "p75" => row.P75Ms,
        "p95" => row.P95Ms,
        "p99" => row.P99Ms,
        "mean" => row.MeanMs,
        "max" => row.MaxMs,
        "min" => row.MinMs,
        "fail" => row.FailPercent,
        _ => null,
    };
}
