using System.Globalization;
using System.Text.RegularExpressions;

namespace Loop.Exporter.Exposition;

/// <summary>
/// Writes the Prometheus text format 0.0.4: <c>\n</c> line endings, HELP and TYPE once per family
/// before its samples, label values escaped, numbers in invariant culture with +Inf/-Inf/NaN written by
/// hand, histograms as cumulative <c>_bucket</c> lines ending in <c>le="+Inf"</c> equal to <c>_count</c>,
/// then <c>_sum</c> and <c>_count</c>. It refuses, with an exception naming the rule, what promtool 2.42
/// does not catch: a family written twice, a sample outside its family, a duplicate series,
/// non-cumulative buckets, a missing +Inf, a counter not ending in <c>_total</c>.
/// </summary>
internal sealed partial class TextExpositionWriter(TextWriter output)
{
    private readonly HashSet<string> _families = new(StringComparer.Ordinal);
    private readonly HashSet<string> _series = new(StringComparer.Ordinal);
    private double[]? _lastBounds;
    private string[]? _lastLes;
    private string? _family;
    private MetricType _type;

    /// <summary>Starts a family: its HELP and TYPE lines. Every sample until the next family belongs to it.</summary>
    public void Family(string name, string help, MetricType type)
    {
        if (!MetricName().IsMatch(name))
        {
            throw new ArgumentException($"Metric name '{name}' does not match [a-zA-Z_:][a-zA-Z0-9_:]*.", nameof(name));
        }

        if (type == MetricType.Counter && !name.EndsWith("_total", StringComparison.Ordinal))
        {
            throw new ArgumentException($"Counter '{name}' must end in _total.", nameof(name));
        }

        if (!_families.Add(name))
        {
            throw new InvalidOperationException($"Metric family '{name}' was already written; a family's samples must be grouped under one HELP/TYPE.");
        }

        _family = name;
        _type = type;
        _series.Clear(); // series are unique within their family
        output.Write("# HELP ");
        output.Write(name);
        output.Write(' ');
        output.Write(EscapeHelp(help));
        output.Write("\n# TYPE ");
        output.Write(name);
        output.Write(' ');
        output.Write(type switch { MetricType.Counter => "counter", MetricType.Gauge => "gauge", _ => "histogram" });
        output.Write('\n');
    }

    /// <summary>Writes one counter or gauge sample of the current family.</summary>
    public void Sample(ReadOnlySpan<KeyValuePair<string, string>> labels, double value)
    {
        var labelText = RenderLabelText(labels);
        EnsureUnique(CurrentFamily(histogram: false), labelText);
        SampleRendered(labelText, value);
    }

    /// <summary>
    /// Writes a counter or gauge sample whose label text was rendered by <see cref="RenderLabelText"/>
    /// when its series was created. The caller guarantees the series is unique (the collector's series
    /// table does), so this path skips the duplicate check.
    /// </summary>
    internal void SampleRendered(string labelText, double value)
    {
        var family = CurrentFamily(histogram: false);
        if (_type == MetricType.Counter && (value < 0 || double.IsNaN(value)))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, $"Counter '{family}' cannot be negative or NaN.");
        }

        output.Write(family);
        output.Write(labelText);
        output.Write(' ');
        WriteNumber(value);
        output.Write('\n');
    }

    /// <summary>The histogram counterpart of <see cref="SampleRendered"/>; counts are per bucket (not cumulative).</summary>
    internal void HistogramRendered(string labelText, double[] upperBounds, ReadOnlySpan<long> perBucket, double sum, long count)
    {
        var family = CurrentFamily(histogram: true);
        WriteHistogram(family, labelText, FormattedBounds(family, upperBounds), perBucket, cumulative: false, sum, count);
    }

    /// <summary>Renders and checks a label set once: <c>{a="b",c="d"}</c>, or empty for none.</summary>
    internal static string RenderLabelText(ReadOnlySpan<KeyValuePair<string, string>> labels)
    {
        if (labels.Length == 0)
        {
            return string.Empty;
        }

        var text = new System.Text.StringBuilder(64);
        text.Append('{');
        for (var i = 0; i < labels.Length; i++)
        {
            var (label, value) = labels[i];
            if (!LabelName().IsMatch(label) || label.StartsWith("__", StringComparison.Ordinal) || label == "le")
            {
                throw new ArgumentException($"Label name '{label}' is invalid: it must match [a-zA-Z_][a-zA-Z0-9_]*, not start with __ and not be le.", nameof(labels));
            }

            text.Append(i == 0 ? string.Empty : ",").Append(label).Append("=\"").Append(EscapeLabelValue(value)).Append('"');
        }

        return text.Append('}').ToString();
    }

    /// <summary>
    /// Writes one histogram series of the current family. <paramref name="bucketCounts"/> are the
    /// cumulative counts for each upper bound in <paramref name="upperBounds"/> (ascending, without +Inf);
    /// the +Inf bucket is <paramref name="count"/>.
    /// </summary>
    public void Histogram(ReadOnlySpan<KeyValuePair<string, string>> labels, double[] upperBounds, ReadOnlySpan<long> bucketCounts, double sum, long count)
    {
        var family = CurrentFamily(histogram: true);
        if (upperBounds.Length != bucketCounts.Length)
        {
            throw new ArgumentException($"Histogram '{family}' has {upperBounds.Length} bounds but {bucketCounts.Length} bucket counts.", nameof(bucketCounts));
        }

        var les = FormattedBounds(family, upperBounds);
        long previous = 0;
        for (var i = 0; i < bucketCounts.Length; i++)
        {
            if (bucketCounts[i] < previous || bucketCounts[i] > count)
            {
                throw new ArgumentException($"Histogram '{family}' buckets must be cumulative and at most _count ({bucketCounts[i]} after {previous}, count {count}).", nameof(bucketCounts));
            }

            previous = bucketCounts[i];
        }

        var labelText = RenderLabelText(labels);
        EnsureUnique(family, labelText);
        WriteHistogram(family, labelText, les, bucketCounts, cumulative: true, sum, count);
    }

    /// <summary>The bucket lines (ending in +Inf = count), then _sum and _count, of one histogram series.</summary>
    private void WriteHistogram(string family, string labelText, string[] les, ReadOnlySpan<long> counts, bool cumulative, double sum, long count)
    {
        var prefix = labelText.Length == 0 ? "{le=\"" : string.Concat(labelText.AsSpan(0, labelText.Length - 1), ",le=\"");
        long running = 0;
        for (var i = 0; i <= counts.Length; i++)
        {
            running = i == counts.Length ? count : cumulative ? counts[i] : running + counts[i];
            output.Write(family);
            output.Write("_bucket");
            output.Write(prefix);
            output.Write(i < counts.Length ? les[i] : ExpositionConstants.PositiveInfinity);
            output.Write("\"} ");
            WriteInteger(running);
            output.Write('\n');
        }

        WriteSumAndCount(family, labelText, sum, count);
    }

    private void WriteSumAndCount(string family, string labelText, double sum, long count)
    {
        output.Write(family);
        output.Write("_sum");
        output.Write(labelText);
        output.Write(' ');
        WriteNumber(sum);
        output.Write('\n');
        output.Write(family);
        output.Write("_count");
        output.Write(labelText);
        output.Write(' ');
        WriteInteger(count);
        output.Write('\n');
    }

    internal static string FormatNumber(double value) => value switch
    {
        double.PositiveInfinity => ExpositionConstants.PositiveInfinity,
        double.NegativeInfinity => ExpositionConstants.NegativeInfinity,
        _ when double.IsNaN(value) => ExpositionConstants.NotANumber,
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    internal static string EscapeLabelValue(string value) =>
        value.AsSpan().IndexOfAny('\\', '\n', '"') < 0
            ? value
            : value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);

    private static string EscapeHelp(string help) =>
        help.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    /// <summary>The current family, which must be a histogram (or must not be). Called once per line: no allocation.</summary>
    private string CurrentFamily(bool histogram)
    {
        if (_family is null || (_type == MetricType.Histogram) != histogram)
        {
            throw new InvalidOperationException($"A {(histogram ? "histogram" : "counter or gauge")} sample needs its family declared first (current: {_family ?? "none"}).");
        }

        return _family;
    }

    /// <summary>The bounds as le strings, checked ascending; cached for the bounds array every series of a histogram shares.</summary>
    private string[] FormattedBounds(string family, double[] upperBounds)
    {
        if (ReferenceEquals(upperBounds, _lastBounds))
        {
            return _lastLes!;
        }

        var les = new string[upperBounds.Length];
        for (var i = 0; i < upperBounds.Length; i++)
        {
            if (i > 0 && !(upperBounds[i] > upperBounds[i - 1]))
            {
                throw new ArgumentException($"Histogram '{family}' bounds must ascend ({upperBounds[i - 1]} then {upperBounds[i]}).", nameof(upperBounds));
            }

            les[i] = FormatNumber(upperBounds[i]);
        }

        _lastBounds = upperBounds;
        _lastLes = les;
        return les;
    }

    private void EnsureUnique(string family, string labelText)
    {
        if (!_series.Add(labelText))
        {
            throw new InvalidOperationException($"Series {family}{labelText} was already written; every series must be unique.");
        }
    }

    private void WriteNumber(double value)
    {
        if (!double.IsFinite(value))
        {
            output.Write(FormatNumber(value));
            return;
        }

        // Counters and state gauges are whole numbers: the integer formatter is several times cheaper
        // and prints the same text as the shortest round-trip form for them.
        if (Math.Abs(value) < 1e15 && value == Math.Floor(value) && !(value == 0 && double.IsNegative(value)))
        {
            WriteInteger((long)value);
            return;
        }

        Span<char> buffer = stackalloc char[32];
        if (value.TryFormat(buffer, out var written, "R", CultureInfo.InvariantCulture))
        {
            output.Write(buffer[..written]);
        }
        else
        {
            output.Write(FormatNumber(value));
        }
    }

    private void WriteInteger(long value)
    {
        Span<char> buffer = stackalloc char[20];
        value.TryFormat(buffer, out var written, default, CultureInfo.InvariantCulture);
        output.Write(buffer[..written]);
    }

    [GeneratedRegex("^[a-zA-Z_:][a-zA-Z0-9_:]*$")]
    private static partial Regex MetricName();

    [GeneratedRegex("^[a-zA-Z_][a-zA-Z0-9_]*$")]
    private static partial Regex LabelName();
}
