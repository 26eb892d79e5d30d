using System.Globalization;
using System.Net;
using Loop.Load.Results;

namespace Loop.Load.Reports;

/// <summary>The HTML report: one self-contained file (inline CSS and SVG, no script): the tables, then latency and rate over time per scenario.</summary>
public static class HtmlReport
{
    /// <summary>Writes <paramref name="result"/> as one HTML page.</summary>
    /// <param name="result">The result.</param>
    /// <param name="output">Where.</param>
    public static void Write(LoadResult result, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(output);
        var c = CultureInfo.InvariantCulture;
        output.WriteLine("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">");
        output.WriteLine($"<title>{E(result.Title)}</title>");
        output.WriteLine("<style>body{font:14px system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}" +
            "th,td{border:1px solid #ccc;padding:3px 8px}td{text-align:right}td:nth-child(-n+2){text-align:left}" +
            ".pass{color:#176b2c}.fail{color:#b00020;font-weight:bold}svg{max-width:760px;display:block;margin:.5em 0 1.5em}</style></head><body>");
        output.WriteLine($"<h1>{E(result.Title)}</h1>");
        var verdict = ReportTable.Verdict(result);
        output.WriteLine(string.Create(c, $"<p>Started {result.StartedAt:yyyy-MM-ddTHH:mm:ssZ}, ran {result.Duration.TotalSeconds:0.0} s. Verdict: <b class=\"{(verdict == "UNHEALTHY" ? "fail" : "pass")}\">{verdict}</b>.{(result.StoppedEarly ? " Stopped early: the figures cover the part that ran." : string.Empty)}</p>"));
        Table(output, ReportTable.StepColumns, result.Scenarios.SelectMany(static s => s.Rows).Select(ReportTable.Cells));
        foreach (var section in result.Sections)
        {
            output.WriteLine($"<h2>{E(section.Title)}</h2>");
            Table(output, ["figure", "value"], section.Rows.Select(static r => new[] { r.Key, r.Value }));
        }

        var thresholds = ReportTable.ThresholdRows(result).ToList();
        if (thresholds.Count > 0)
        {
            output.WriteLine("<h2>Thresholds</h2>");
            Table(output, ReportTable.ThresholdColumns, thresholds);
        }

        foreach (var scenario in result.Scenarios)
        {
            output.WriteLine($"<h2>{E(scenario.Name)}</h2>");
            output.WriteLine($"<p>Status codes: {E(ReportTable.StatusCodes(scenario.Whole))}</p>");
            var t = scenario.Timeline;
            output.WriteLine(SvgChart.Lines(
                scenario.Name + ": ok latency over time",
                "ms",
                [("p50", "#1f77b4", t.Select(static p => (p.Seconds, p.P50Ms)).ToList()), ("p99", "#d62728", t.Select(static p => (p.Seconds, p.P99Ms)).ToList())]));
            output.WriteLine(SvgChart.Lines(
                scenario.Name + ": requests per second over time",
                "req/s",
                [("ok", "#2ca02c", t.Select(static p => (p.Seconds, p.OkPerSecond)).ToList()), ("fail", "#d62728", t.Select(static p => (p.Seconds, p.FailPerSecond)).ToList())]));
        }

        output.WriteLine("</body></html>");
    }

    private static void Table(TextWriter output, string[] columns, IEnumerable<string[]> rows)
    {
        output.Write("<table><tr>");
        foreach (var column in columns)
        {
            output.Write($"<th>{E(column)}</th>");
        }

        output.WriteLine("</tr>");
        foreach (var row in rows)
        {
            output.Write("<tr>");
            foreach (var cell in row)
            {
                output.Write(cell == "FAIL" ? "<td class=\"fail\">FAIL</td>" : $"<td>{E(cell)}</td>");
            }

            output.WriteLine("</tr>");
        }

        output.WriteLine("</table>");
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
