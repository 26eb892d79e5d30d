using System.Globalization;
using Loop.Load.Results;
using Loop.Load.Stats;

namespace Loop.Load.Reports;

/// <summary>The CSV report: a header and one row per scenario and step, numbers unformatted (empty where there is no value).</summary>
public static class CsvReport
{
    /// <summary>The columns, in order.</summary>
    public static readonly IReadOnlyList<string> Columns =
        ["scenario", "step", "requests", "ok", "fail", "fail_percent", "rps", "min_ms", "mean_ms", "max_ms", "p50_ms", "p75_ms", "p95_ms", "p99_ms", "stddev_ms", "bytes"];

    /// <summary>Writes <paramref name="result"/> as CSV.</summary>
    /// <param name="result">The result.</param>
    /// <param name="output">Where.</param>
    public static void Write(LoadResult result, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine(string.Join(',', Columns));
        foreach (var row in result.Scenarios.SelectMany(static s => s.Rows))
        {
            output.WriteLine(string.Join(',', Cells(row)));
        }
    }

    private static IEnumerable<string> Cells(StepResult r)
    {
        yield return Quote(r.Scenario);
        yield return Quote(r.Step);
        foreach (var n in new[] { r.Requests, r.Ok, r.Fail })
        {
            yield return n.ToString(CultureInfo.InvariantCulture);
        }

        foreach (var x in new[] { r.FailPercent, r.Rps, r.MinMs, r.MeanMs, r.MaxMs, r.P50Ms, r.P75Ms, r.P95Ms, r.P99Ms, r.StdDevMs })
        {
            yield return double.IsNaN(x) ? string.Empty : x.ToString("0.###", CultureInfo.InvariantCulture);
        }

        yield return r.Bytes.ToString(CultureInfo.InvariantCulture);
    }

    private static string Quote(string text) =>
        text.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
}
