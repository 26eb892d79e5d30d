using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Loop.Exporter.Exposition;

/// <summary>
/// Writes the Prometheus text format 0.0.4 as UTF-8 bytes straight into a buffer writer (a pipe, an
/// array): <c>\n</c> line endings, HELP and TYPE once per family before its samples, label values
/// escaped, numbers in invariant culture with +Inf/-Inf/NaN written by hand, histograms as cumulative
/// <c>_bucket</c> lines ending in <c>le="+Inf"</c> equal to <c>_count</c>, then <c>_sum</c> and
/// <c>_count</c>. It refuses, with an exception naming the rule, what promtool 2.42 does not catch: a
/// family written twice, a sample outside its family, a duplicate series, non-cumulative buckets, a
/// missing +Inf, a counter not ending in <c>_total</c>.
/// </summary>
/// <remarks>
/// The collector's path (<see cref="SampleRendered"/>, <see cref="HistogramRendered"/>) takes label text
/// encoded once when the series was created, so a scrape copies bytes and formats numbers, nothing else.
/// </remarks>
internal sealed partial class TextExpositionWriter(IBufferWriter<byte> output)
{
    // Longest number text: "-1.7976931348623157E+308" (24 bytes); a line never needs more than this past its prefix.
    private const int NumberRoom = 32;

    private readonly HashSet<string> _families = new(StringComparer.Ordinal);
    private readonly HashSet<string> _series = new(StringComparer.Ordinal);
    private double[]? _lastBounds;
    private byte[][]? _lastLes;
    private string? _family;
    private byte[] _familyUtf8 = [];
    private MetricType _type;

    /// <summary>Gets the UTF-8 bytes of the current family's name.</summary>
    internal ReadOnlySpan<byte> FamilyUtf8 => _familyUtf8;

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
        _familyUtf8 = Encoding.UTF8.GetBytes(name);
        _type = type;
        _series.Clear(); // series are unique within their family
        var typeName = type switch { MetricType.Counter => "counter", MetricType.Gauge => "gauge", _ => "histogram" };
        WriteText($"# HELP {name} {EscapeHelp(help)}\n# TYPE {name} {typeName}\n");
    }

    /// <summary>Writes one counter or gauge sample of the current family.</summary>
    public void Sample(ReadOnlySpan<KeyValuePair<string, string>> labels, double value)
    {
        var labelText = RenderLabelText(labels);
        EnsureUnique(CurrentFamily(histogram: false), labelText);
        SampleRendered(Encoding.UTF8.GetBytes(labelText), value);
    }

    /// <summary>
    /// Writes a counter or gauge sample whose label text was rendered by <see cref="RenderLabelText"/>
    /// (and encoded) when its series was created. The caller guarantees the series is unique (the
    /// collector's series table does), so this path skips the duplicate check.
    /// </summary>
    internal void SampleRendered(ReadOnlySpan<byte> labelUtf8, double value)
    {
        var family = CurrentFamily(histogram: false);
        if (_type == MetricType.Counter && (value < 0 || double.IsNaN(value)))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, $"Counter '{family}' cannot be negative or NaN.");
        }

        var span = output.GetSpan(_familyUtf8.Length + labelUtf8.Length + NumberRoom);
        var at = Copy(span, 0, _familyUtf8);
        at = Copy(span, at, labelUtf8);
        span[at++] = (byte)' ';
        at += FormatNumber(value, span[at..]);
        span[at++] = (byte)'\n';
        output.Advance(at);
    }

    /// <summary>
    /// The bytes every bucket line of one series starts with: <c>family_bucket{labels,le="</c>.
    /// The collector keeps them with the series, so they are encoded once, not per scrape.
    /// </summary>
    internal byte[] BucketPrefix(ReadOnlySpan<byte> labelUtf8)
    {
        CurrentFamily(histogram: true);
        var open = labelUtf8.Length == 0 ? "{le=\""u8 : ",le=\""u8;
        var labels = labelUtf8.Length == 0 ? labelUtf8 : labelUtf8[..^1]; // without its closing brace
        var prefix = new byte[_familyUtf8.Length + "_bucket"u8.Length + labels.Length + open.Length];
        var at = Copy(prefix, 0, _familyUtf8);
        at = Copy(prefix, at, "_bucket"u8);
        at = Copy(prefix, at, labels);
        Copy(prefix, at, open);
        return prefix;
    }

    /// <summary>
    /// The histogram counterpart of <see cref="SampleRendered"/>: counts are per bucket (not cumulative),
    /// <paramref name="bucketPrefix"/> comes from <see cref="BucketPrefix"/>.
    /// </summary>
    internal void HistogramRendered(ReadOnlySpan<byte> labelUtf8, ReadOnlySpan<byte> bucketPrefix, double[] upperBounds, ReadOnlySpan<long> perBucket, double sum, long count)
    {
        var family = CurrentFamily(histogram: true);
        WriteHistogram(bucketPrefix, labelUtf8, FormattedBounds(family, upperBounds), perBucket, cumulative: false, sum, count);
    }

    /// <summary>Renders and checks a label set once: <c>{a="b",c="d"}</c>, or empty for none.</summary>
    internal static string RenderLabelText(ReadOnlySpan<KeyValuePair<string, string>> labels)
    {
        if (labels.Length == 0)
        {
            return string.Empty;
        }

        var text = new StringBuilder(64);
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
        var labelUtf8 = Encoding.UTF8.GetBytes(labelText);
        WriteHistogram(BucketPrefix(labelUtf8), labelUtf8, les, bucketCounts, cumulative: true, sum, count);
    }

    /// <summary>The bucket lines (ending in +Inf = count), then _sum and _count, of one histogram series.</summary>
    private void WriteHistogram(ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> labelUtf8, byte[][] les, ReadOnlySpan<long> counts, bool cumulative, double sum, long count)
    {
        long running = 0;
        for (var i = 0; i <= counts.Length; i++)
        {
            running = i == counts.Length ? count : cumulative ? counts[i] : running + counts[i];
            var le = i < counts.Length ? les[i] : "+Inf"u8;
            var span = output.GetSpan(prefix.Length + le.Length + NumberRoom);
            var at = Copy(span, 0, prefix);
            at = Copy(span, at, le);
            at = Copy(span, at, "\"} "u8);
            running.TryFormat(span[at..], out var written, default, CultureInfo.InvariantCulture);
            at += written;
            span[at++] = (byte)'\n';
            output.Advance(at);
        }

        WriteSuffixed("_sum"u8, labelUtf8, sum);
        WriteSuffixed("_count"u8, labelUtf8, count);
    }

    /// <summary>One <c>family_sum{labels} v</c> or <c>family_count{labels} v</c> line.</summary>
    private void WriteSuffixed(ReadOnlySpan<byte> suffix, ReadOnlySpan<byte> labelUtf8, double value)
    {
        var span = output.GetSpan(_familyUtf8.Length + suffix.Length + labelUtf8.Length + NumberRoom);
        var at = Copy(span, 0, _familyUtf8);
        at = Copy(span, at, suffix);
        at = Copy(span, at, labelUtf8);
        span[at++] = (byte)' ';
        at += FormatNumber(value, span[at..]);
        span[at++] = (byte)'\n';
        output.Advance(at);
    }

    internal static string FormatNumber(double value)
    {
        Span<byte> buffer = stackalloc byte[NumberRoom];
        return Encoding.UTF8.GetString(buffer[..FormatNumber(value, buffer)]);
    }

    /// <summary>Formats a number as the text format wants it; returns the bytes written.</summary>
    private static int FormatNumber(double value, Span<byte> destination)
    {
        if (!double.IsFinite(value))
        {
            var text = double.IsNaN(value) ? "NaN"u8 : value > 0 ? "+Inf"u8 : "-Inf"u8;
            text.CopyTo(destination);
            return text.Length;
        }

        // Counters and state gauges are whole numbers: the integer formatter is several times cheaper
        // and prints the same text as the shortest round-trip form for them.
        int written;
        if (Math.Abs(value) < 1e15 && value == Math.Floor(value) && !(value == 0 && double.IsNegative(value)))
        {
            ((long)value).TryFormat(destination, out written, default, CultureInfo.InvariantCulture);
            return written;
        }

        value.TryFormat(destination, out written, "R", CultureInfo.InvariantCulture);
        return written;
    }

    internal static string EscapeLabelValue(string value) =>
        value.AsSpan().IndexOfAny('\\', '\n', '"') < 0
            ? value
            : value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);

    private static string EscapeHelp(string help) =>
        help.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static int Copy(Span<byte> span, int at, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(span[at..]);
        return at + bytes.Length;
    }

    private void WriteText(string text)
    {
        var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        output.Advance(Encoding.UTF8.GetBytes(text, span));
    }

    /// <summary>The current family, which must be a histogram (or must not be). Called once per line: no allocation.</summary>
    private string CurrentFamily(bool histogram)
    {
        if (_family is null || (_type == MetricType.Histogram) != histogram)
        {
            throw new InvalidOperationException($"A {(histogram ? "histogram" : "counter or gauge")} sample needs its family declared first (current: {_family ?? "none"}).");
        }

        return _family;
    }

    /// <summary>The bounds as le bytes, checked ascending; cached for the bounds array every series of a histogram shares.</summary>
    private byte[][] FormattedBounds(string family, double[] upperBounds)
    {
        if (ReferenceEquals(upperBounds, _lastBounds))
        {
            return _lastLes!;
        }

        var les = new byte[upperBounds.Length][];
        for (var i = 0; i < upperBounds.Length; i++)
        {
            if (i > 0 && !(upperBounds[i] > upperBounds[i - 1]))
            {
                throw new ArgumentException($"Histogram '{family}' bounds must ascend ({upperBounds[i - 1]} then {upperBounds[i]}).", nameof(upperBounds));
            }

            les[i] = Encoding.UTF8.GetBytes(FormatNumber(upperBounds[i]));
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

    [GeneratedRegex("^[a-zA-Z_:][a-zA-Z0-9_:]*$")]
    private static partial Regex MetricName();

    [GeneratedRegex("^[a-zA-Z_][a-zA-Z0-9_]*$")]
    private static partial Regex LabelName();
}
