using System.Globalization;
using Loop.Load.Results;
using Loop.Load.Stats;
using Loop.Load.Thresholds;

namespace Loop.Load.Reports;

/// <summary>The report's tables as text cells, so the text, Markdown and HTML reports show the same figures.</summary>
internal static class ReportTable
{
    public static readonly string[] StepColumns =
        ["scenario", "step", "requests", "ok", "fail", "rps", "min ms", "mean ms", "max ms", "p50 ms", "p75 ms", "p95 ms", "p99 ms", "stddev ms", "bytes"];

    public static readonly string[] ThresholdColumns = ["scope", "threshold", "observed", "result"];

    public static string[] Cells(StepResult r) =>
    [
        r.Scenario, r.Step, Integer(r.Requests), Integer(r.Ok), Integer(r.Fail), Fixed(r.Rps, 1),
        Fixed(r.MinMs, 3), Fixed(r.MeanMs, 3), Fixed(r.MaxMs, 3), Fixed(r.P50Ms, 3), Fixed(r.P75Ms, 3), Fixed(r.P95Ms, 3), Fixed(r.P99Ms, 3), Fixed(r.StdDevMs, 3),
        Integer(r.Bytes),
    ];

    public static IEnumerable<string[]> ThresholdRows(LoadResult result) =>
        result.Scenarios.SelectMany(s => s.Thresholds.Select(t => Row(s.Name, t))).Concat(result.ExtraThresholds.Select(t => Row("engine", t)));

    public static string StatusCodes(StepResult r) =>
        string.Join(", ", r.StatusCodes.Select(static kv => $"{(kv.Key.Length == 0 ? "(none)" : kv.Key)}: {kv.Value.ToString(CultureInfo.InvariantCulture)}"));

    public static string Verdict(LoadResult result) => !result.Gated ? "no gate" : result.Passed ? "PASS" : "UNHEALTHY";

    public static string Fixed(double value, int decimals) =>
        double.IsNaN(value) ? "-" : value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    public static string Integer(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string[] Row(string scope, ThresholdResult t)
    {
        var unit = t.Threshold.Metric == "fail" ? "%" : " ms";
        return [scope, t.Threshold.Text, Fixed(t.Observed, 3) + (double.IsNaN(t.Observed) ? string.Empty : unit), t.Passed ? "pass" : "FAIL"];
    }
}
