using Loop.Load.Stats;

namespace Loop.Load.Thresholds;

/// <summary>The metrics a threshold can name on a report row.</summary>
internal static class StepMetrics
{
    /// <summary>The row's value for <paramref name="metric"/>, or null when the row has no such metric.</summary>
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
