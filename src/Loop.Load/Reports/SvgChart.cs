using System.Globalization;
using System.Net;
using System.Text;

namespace Loop.Load.Reports;

/// <summary>A line chart as inline SVG (no script, no library), so the HTML report opens anywhere, offline.</summary>
internal static class SvgChart
{
    private const int Width = 720;
    private const int Height = 220;
    private const int Left = 56;
    private const int Bottom = 28;
    private const int Top = 12;
    private const int Right = 12;

    /// <summary>An SVG of the series (name, colour, points as (seconds, value)); NaN values break the line.</summary>
    public static string Lines(string title, string unit, IReadOnlyList<(string Name, string Colour, IReadOnlyList<(double X, double Y)> Points)> series)
    {
        var c = CultureInfo.InvariantCulture;
        var points = series.SelectMany(static s => s.Points).Where(static p => !double.IsNaN(p.Y)).ToList();
        var maxX = points.Count == 0 ? 1 : Math.Max(1, points.Max(static p => p.X));
        var maxY = points.Count == 0 ? 1 : Nice(points.Max(static p => p.Y));
        double X(double x) => Left + (x / maxX * (Width - Left - Right));
        double Y(double y) => Height - Bottom - (y / maxY * (Height - Bottom - Top));

        var svg = new StringBuilder();
        svg.Append(c, $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-label=\"{WebUtility.HtmlEncode(title)}\">");
        svg.Append(c, $"<title>{WebUtility.HtmlEncode(title)}</title>");
        for (var i = 0; i <= 4; i++)
        {
            var v = maxY * i / 4;
            svg.Append(c, $"<line x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{Y(v):0.#}\" y2=\"{Y(v):0.#}\" stroke=\"#ddd\"/>");
            svg.Append(c, $"<text x=\"{Left - 6}\" y=\"{Y(v) + 4:0.#}\" text-anchor=\"end\" font-size=\"11\">{v:0.###}</text>");
        }

        svg.Append(c, $"<text x=\"{Width - Right}\" y=\"{Height - 8}\" text-anchor=\"end\" font-size=\"11\">{maxX:0} s</text>");
        svg.Append(c, $"<text x=\"{Left}\" y=\"{Height - 8}\" font-size=\"11\">0 s ({WebUtility.HtmlEncode(unit)})</text>");
        var legend = Left + 8;
        foreach (var (name, colour, data) in series)
        {
            foreach (var run in Runs(data))
            {
                svg.Append("<polyline fill=\"none\" stroke-width=\"1.5\" stroke=\"").Append(colour).Append("\" points=\"");
                foreach (var (x, y) in run)
                {
                    svg.Append(c, $"{X(x):0.#},{Y(y):0.#} ");
                }

                svg.Append("\"/>");
            }

            svg.Append(c, $"<text x=\"{legend}\" y=\"{Top + 10}\" font-size=\"11\" fill=\"{colour}\">{WebUtility.HtmlEncode(name)}</text>");
            legend += 12 + (7 * name.Length);
        }

        return svg.Append("</svg>").ToString();
    }

    private static IEnumerable<List<(double X, double Y)>> Runs(IReadOnlyList<(double X, double Y)> points)
    {
        var run = new List<(double X, double Y)>();
        foreach (var p in points)
        {
            if (double.IsNaN(p.Y))
            {
                if (run.Count > 0)
                {
                    yield return run;
                    run = [];
                }
            }
            else
            {
                run.Add(p);
            }
        }

        if (run.Count > 0)
        {
            yield return run;
        }
    }

    private static double Nice(double max)
    {
        if (max <= 0)
        {
            return 1;
        }

        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(max)));
        return new[] { 1, 2, 2.5, 5, 10 }.Select(m => m * magnitude).First(v => v >= max);
    }
}
