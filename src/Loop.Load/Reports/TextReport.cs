using System.Globalization;
using Loop.Load.Results;

namespace Loop.Load.Reports;

/// <summary>The plain-text report: what is printed at the end of a run and written as .txt.</summary>
public static class TextReport
{
    /// <summary>Writes <paramref name="result"/> as aligned text.</summary>
    /// <param name="result">The result.</param>
    /// <param name="output">Where.</param>
    public static void Write(LoadResult result, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(output);
        var c = CultureInfo.InvariantCulture;
        output.WriteLine(result.Title);
        output.WriteLine(string.Create(c, $"started {result.StartedAt:yyyy-MM-ddTHH:mm:ssZ}, ran {result.Duration.TotalSeconds:0.0} s"));
        if (result.StoppedEarly)
        {
            output.WriteLine("stopped early (Ctrl+C or SIGTERM): the figures cover the part that ran");
        }
        output.WriteLine();
        Table(output, ReportTable.StepColumns, result.Scenarios.SelectMany(static s => s.Rows).Select(ReportTable.Cells).ToList());
        foreach (var scenario in result.Scenarios)
        {
            output.WriteLine(string.Create(c, $"{scenario.Name}: status codes {ReportTable.StatusCodes(scenario.Whole)}"));
            if (scenario.Abandoned > 0)
            {
                output.WriteLine(string.Create(c, $"{scenario.Name}: {scenario.Abandoned} calls were still in flight when the run stopped waiting (not counted)"));
            }
        }

        foreach (var section in result.Sections)
        {
            output.WriteLine();
            output.WriteLine(section.Title);
            var width = section.Rows.Count == 0 ? 0 : section.Rows.Max(static r => r.Key.Length);
            foreach (var (name, value) in section.Rows)
            {
                output.WriteLine("  " + name.PadRight(width) + "  " + value);
            }
        }

        var thresholds = ReportTable.ThresholdRows(result).ToList();
        if (thresholds.Count > 0)
        {
            output.WriteLine();
            Table(output, ReportTable.ThresholdColumns, thresholds);
        }

        output.WriteLine();
        output.WriteLine("verdict: " + ReportTable.Verdict(result));
    }

    private static void Table(TextWriter output, string[] columns, IReadOnlyList<string[]> rows)
    {
        var widths = columns.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        output.WriteLine(string.Join("  ", columns.Select((h, i) => h.PadRight(widths[i]))).TrimEnd());
        foreach (var row in rows)
        {
            output.WriteLine(string.Join("  ", row.Select((v, i) => i < 2 ? v.PadRight(widths[i]) : v.PadLeft(widths[i]))).TrimEnd());
        }
    }
}
