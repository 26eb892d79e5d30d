using System.Globalization;
using Loop.Load.Results;

namespace Loop.Load.Reports;

/// <summary>The Markdown report: the same tables as the text report, as pipe tables.</summary>
public static class MarkdownReport
{
    /// <summary>Writes <paramref name="result"/> as Markdown.</summary>
    /// <param name="result">The result.</param>
    /// <param name="output">Where.</param>
    public static void Write(LoadResult result, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine("# " + Escape(result.Title));
        output.WriteLine();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Started {result.StartedAt:yyyy-MM-ddTHH:mm:ssZ}, ran {result.Duration.TotalSeconds:0.0} s. Verdict: **{ReportTable.Verdict(result)}**.{(result.StoppedEarly ? " Stopped early: the figures cover the part that ran." : string.Empty)}"));
        output.WriteLine();
        Table(output, ReportTable.StepColumns, result.Scenarios.SelectMany(static s => s.Rows).Select(ReportTable.Cells));
        output.WriteLine();
        foreach (var scenario in result.Scenarios)
        {
            output.WriteLine($"- {Escape(scenario.Name)}: status codes {Escape(ReportTable.StatusCodes(scenario.Whole))}");
        }

        foreach (var section in result.Sections)
        {
            output.WriteLine();
            output.WriteLine("## " + Escape(section.Title));
            output.WriteLine();
            Table(output, ["figure", "value"], section.Rows.Select(static r => new[] { r.Key, r.Value }));
        }

        var thresholds = ReportTable.ThresholdRows(result).ToList();
        if (thresholds.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("## Thresholds");
            output.WriteLine();
            Table(output, ReportTable.ThresholdColumns, thresholds);
        }
    }

    private static void Table(TextWriter output, string[] columns, IEnumerable<string[]> rows)
    {
        output.WriteLine("| " + string.Join(" | ", columns.Select(Escape)) + " |");
        output.WriteLine("|" + string.Concat(columns.Select(static (_, i) => i < 2 ? "---|" : "---:|")));
        foreach (var row in rows)
        {
            output.WriteLine("| " + string.Join(" | ", row.Select(Escape)) + " |");
        }
    }

    private static string Escape(string text) => text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
