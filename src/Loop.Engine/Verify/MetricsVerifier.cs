using System.Globalization;
using Loop.Engine.Output;

namespace Loop.Engine.Verify;

/// <summary>
/// Judges one run of a metrics.csv (the file is appended across runs; the latest by default): loop
/// latency p50/p95/p99/max (nearest rank) and jitter p99 over the ticks that ran (paused ticks measure
/// nothing), success rate (ok / called), overruns as the engine counted them, and PASS/FAIL against the
/// latency and success thresholds. A file from before runs were told apart is read as one run.
/// </summary>
internal static class MetricsVerifier
{
    private const int OldColumns = 13;
    private const int RunColumns = 16;
    private const int Columns = 18;

    /// <summary>The rows of <paramref name="run"/>: "latest" (the run of the last row), "all", or a run id.</summary>
    public static IReadOnlyList<MetricsRow> SelectRun(IReadOnlyList<MetricsRow> rows, string run, string path)
    {
        if (run == "all" || rows[^1].Run is null)
        {
            return rows;
        }

        var wanted = run == "latest" ? rows[^1].Run : run;
        var selected = rows.Where(r => r.Run == wanted).ToList();
        return selected.Count > 0
            ? selected
            : throw new VerifyInputException($"'{path}' has no run '{wanted}'; its runs: {string.Join(", ", Runs(rows).TakeLast(5))} (or pass --run latest / all)");
    }

    /// <summary>The runs in the file, in the order they first appear.</summary>
    public static IReadOnlyList<string> Runs(IReadOnlyList<MetricsRow> rows) =>
        rows.Select(static r => r.Run).OfType<string>().Distinct(StringComparer.Ordinal).ToList();

    /// <summary>The rows of <paramref name="path"/> and of its rolled predecessors (metrics.2.csv, metrics.1.csv...), oldest first.</summary>
    public static IReadOnlyList<MetricsRow> Read(string path)
    {
        var files = Output.RolledFiles.OldestFirst(path);
        if (files.Count <= 1)
        {
            return ReadOne(path, alone: true);
        }

        var rows = files.SelectMany(f => ReadOne(f, alone: false)).ToList();
        return rows.Count > 0 ? rows : throw new VerifyInputException($"'{path}' and its rolled files have no ticks to judge (only headers)");
    }

    /// <param name="path">One file.</param>
    /// <param name="alone">Whether it is the only file (a rolled set may hold a file with its header only: a roll just happened).</param>
    private static IReadOnlyList<MetricsRow> ReadOne(string path, bool alone)
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
        var columns = Columns;
        try
        {
            foreach (var line in lines)
            {
                number++;
                if (number == 1)
                {
                    var header = line.TrimEnd('\r');
                    columns = header switch
                    {
                        MetricsCsvWriter.Header => Columns,
                        MetricsCsvWriter.HeaderWithoutDue => RunColumns,
                        MetricsCsvWriter.HeaderWithoutRuns => OldColumns,
                        _ => 0,
                    };
                    if (columns == 0)
                    {
                        throw new VerifyInputException($"'{path}' is not a loop metrics file: its first line must be '{MetricsCsvWriter.Header}'");
                    }

                    continue;
                }

                if (line.Length == 0)
                {
                    continue;
                }

                rows.Add(Parse(line.TrimEnd('\r'), path, number, columns));
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

        if (rows.Count == 0 && alone)
        {
            throw new VerifyInputException($"'{path}' has no ticks to judge (only the header)");
        }

        return rows;
    }

    public static VerifyReport Judge(IReadOnlyList<MetricsRow> rows, double maxP95Ms, double minSuccess)
    {
        // Paused ticks call nothing: their ~0 ms would flatter the percentiles.
        var ran = rows.Where(static r => !r.Paused).ToList();
        if (ran.Count == 0)
        {
            throw new VerifyInputException($"all {rows.Count} ticks of the run were paused: no latency to judge");
        }

        var latency = ran.Select(static r => r.LatencyMs).Order().ToArray();
        var jitter = ran.Select(static r => r.JitterMs).Order().ToArray();
        long ok = 0, called = 0;
        var overruns = 0;
        foreach (var row in rows)
        {
            ok += row.Ok;
            called += row.Ok + row.Timeout + row.Error + row.Rejected;
            overruns += row.Overrun ?? row.Timeout > 0 ? 1 : 0;
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
        return new VerifyReport(rows.Count, Percentile(latency, 50), p95, Percentile(latency, 99), latency[^1], Percentile(jitter, 99), success, overruns, criteria) { Paused = rows.Count - ran.Count };
    }

    private static MetricsRow Parse(string line, string path, int number, int columns)
    {
        var fields = line.Split(',');
        if (fields.Length != columns)
        {
            throw new VerifyInputException($"{path}:{number}: expected {columns} columns but found {fields.Length}; the file is damaged or not a loop metrics file");
        }

        var row = new MetricsRow(
            Double(fields[3], "jitter_ms", path, number),
            Double(fields[4], "loop_latency_ms", path, number),
            Int(fields[6], "ok", path, number),
            Int(fields[7], "timeout", path, number),
            Int(fields[8], "error", path, number),
            Int(fields[9], "rejected", path, number));
        return columns == OldColumns
            ? row
            : row with
            {
                Paused = Int(fields[13], "paused", path, number) != 0,
                Overrun = Int(fields[14], "overrun", path, number) != 0,
                Run = fields[15].Length > 0 ? fields[15] : throw new VerifyInputException($"{path}:{number}: run must not be empty"),
            };
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
