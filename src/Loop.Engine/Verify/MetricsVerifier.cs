using System.Globalization;
using Loop.Engine.Output;

namespace Loop.Engine.Verify;

/// <summary>
/// Judges a run's metrics.csv: loop latency p50/p95/p99/max (nearest rank), jitter p99, success rate
/// (ok / called, over all ticks), overruns (ticks with a timeout: an adapter missed its deadline), and
/// PASS/FAIL against the latency and success thresholds.
/// </summary>
internal static class MetricsVerifier
{
    private const int Columns = 13;

    public static IReadOnlyList<MetricsRow> Read(string path)
    {
        IEnumerable<string> lines;
        try
        {
            lines = File.ReadLines(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new VerifyInputException($"cannot read '{path}': {(ex is FileNotFoundException or DirectoryNotFoundException ? "file not found" : ex.Message)}; pass --metrics with a run's metrics.csv");
        }

        var rows = new List<MetricsRow>();
        var number = 0;
        try
        {
            foreach (var line in lines)
            {
                number++;
                if (number == 1)
                {
                    if (line.TrimEnd('\r') != MetricsCsvWriter.Header)
                    {
                        throw new VerifyInputException($"'{path}' is not a loop metrics file: its first line must be '{MetricsCsvWriter.Header}'");
                    }

                    continue;
                }

                if (line.Length == 0)
                {
                    continue;
                }

                rows.Add(Parse(line.TrimEnd('\r'), path, number));
            }
        }
        catch (IOException ex)
        {
            throw new VerifyInputException($"cannot read '{path}': {ex.Message}");
        }

        if (number == 0)
        {
            throw new VerifyInputException($"'{path}' is empty; a metrics.csv starts with its header line");
        }

        if (rows.Count == 0)
        {
            throw new VerifyInputException($"'{path}' has no ticks to judge (only the header)");
        }

        return rows;
    }

    public static VerifyReport Judge(IReadOnlyList<MetricsRow> rows, double maxP95Ms, double minSuccess)
    {
        var latency = rows.Select(static r => r.LatencyMs).Order().ToArray();
        var jitter = rows.Select(static r => r.JitterMs).Order().ToArray();
        long ok = 0, called = 0;
        var overruns = 0;
        foreach (var row in rows)
        {
            ok += row.Ok;
            called += row.Ok + row.Timeout + row.Error + row.Rejected;
            overruns += row.Timeout > 0 ? 1 : 0;
        }

        var success = called == 0 ? double.NaN : (double)ok / called;
        var p95 = Percentile(latency, 95);
        var criteria = new List<VerifyCriterion>
        {
            new("max_p95_ms", p95 <= maxP95Ms, p95, maxP95Ms, Invariant($"loop latency p95 {p95:0.###} ms {(p95 <= maxP95Ms ? "<=" : ">")} {maxP95Ms:0.###} ms")),
            new("min_success", success >= minSuccess, success, minSuccess, called == 0
                ? "success rate: no adapter was called in any tick"
                : Invariant($"success rate {success:0.0000} {(success >= minSuccess ? ">=" : "<")} {minSuccess:0.0000}")),
        };
        return new VerifyReport(rows.Count, Percentile(latency, 50), p95, Percentile(latency, 99), latency[^1], Percentile(jitter, 99), success, overruns, criteria);
    }

    private static MetricsRow Parse(string line, string path, int number)
    {
        var fields = line.Split(',');
        if (fields.Length != Columns)
        {
            throw new VerifyInputException($"{path}:{number}: expected {Columns} columns but found {fields.Length}; the file is damaged or not a loop metrics file");
        }

        return new MetricsRow(
            Double(fields[3], "jitter_ms", path, number),
            Double(fields[4], "loop_latency_ms", path, number),
            Int(fields[6], "ok", path, number),
            Int(fields[7], "timeout", path, number),
            Int(fields[8], "error", path, number),
            Int(fields[9], "rejected", path, number));
    }

    private static double Double(string text, string column, string path, int number) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : throw new VerifyInputException($"{path}:{number}: {column} must be a number (got \"{text}\")");

    private static int Int(string text, string column, string path, int number) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new VerifyInputException($"{path}:{number}: {column} must be a whole number >= 0 (got \"{text}\")");

    private static double Percentile(double[] sorted, double percentile)
    {
        var rank = (int)Math.Ceiling(percentile / 100.0 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
