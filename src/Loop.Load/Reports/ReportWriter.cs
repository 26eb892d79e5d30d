using Loop.Load.Results;

namespace Loop.Load.Reports;

/// <summary>Writes a result's report files: one per format, same name, into one folder.</summary>
public static class ReportWriter
{
    /// <summary>The default file name: loop_load_ and the start time (UTC), so runs do not overwrite each other.</summary>
    /// <param name="result">The result.</param>
    /// <returns>The name, without extension.</returns>
    public static string DefaultName(LoadResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return "loop_load_" + result.StartedAt.ToString("yyyyMMdd_HHmmss", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Writes <paramref name="result"/> into <paramref name="folder"/> as <paramref name="name"/>.{format}.</summary>
    /// <param name="result">The result.</param>
    /// <param name="folder">The folder (created if missing).</param>
    /// <param name="name">The file name without extension.</param>
    /// <param name="formats">The formats.</param>
    /// <returns>The files written.</returns>
    public static IReadOnlyList<string> Write(LoadResult result, string folder, string name, IReadOnlyList<ReportFormat> formats)
    {
        ArgumentNullException.ThrowIfNull(formats);
        Directory.CreateDirectory(folder);
        var written = new List<string>();
        foreach (var format in formats.Distinct())
        {
            var path = Path.Combine(folder, name + "." + format.ToString().ToLowerInvariant());
            using (var output = new StreamWriter(path, append: false, new System.Text.UTF8Encoding(false)))
            {
                switch (format)
                {
                    case ReportFormat.Txt: TextReport.Write(result, output); break;
                    case ReportFormat.Md: MarkdownReport.Write(result, output); break;
                    case ReportFormat.Csv: CsvReport.Write(result, output); break;
                    default: HtmlReport.Write(result, output); break;
                }
            }

            written.Add(path);
        }

        return written;
    }
}
