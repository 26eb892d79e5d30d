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
    private readonly HashSet<string> _validLabels = new(StringComparer.Ordinal);
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
        var family = CurrentFamily(MetricType.Counter, MetricType.Gauge);
        if (_type == MetricType.Counter && (value < 0 || double.IsNaN(value)))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, $"Counter '{family}' cannot be negative or NaN.");
        }

        WriteLine(family, labels, null, FormatNumber(value));
    }

    /// <summary>
    /// Writes one histogram series of the current family. <paramref name="bucketCounts"/> are the
    /// cumulative counts for each upper bound in <paramref name="upperBounds"/> (ascending, without +Inf);
    /// the +Inf bucket is <paramref name="count"/>.
    /// </summary>
    public void Histogram(ReadOnlySpan<KeyValuePair<string, string>> labels, ReadOnlySpan<double> upperBounds, ReadOnlySpan<long> bucketCounts, double sum, long count)
    {
        var family = CurrentFamily(MetricType.Histogram);
        if (upperBounds.Length != bucketCounts.Length)
        {
            throw new ArgumentException($"Histogram '{family}' has {upperBounds.Length} bounds but {bucketCounts.Length} bucket counts.", nameof(bucketCounts));
        }

        long previous = 0;
        for (var i = 0; i < upperBounds.Length; i++)
        {
            if (i > 0 && !(upperBounds[i] > upperBounds[i - 1]))
            {
                throw new ArgumentException($"Histogram '{family}' bounds must ascend ({upperBounds[i - 1]} then {upperBounds[i]}).", nameof(upperBounds));
            }

            if (bucketCounts[i] < previous || bucketCounts[i] > count)
            {
                throw new ArgumentException($"Histogram '{family}' buckets must be cumulative and at most _count ({bucketCounts[i]} after {previous}, count {count}).", nameof(bucketCounts));
            }

            previous = bucketCounts[i];
            WriteLine(family + "_bucket", labels, FormatNumber(upperBounds[i]), bucketCounts[i].ToString(CultureInfo.InvariantCulture));
        }

        WriteLine(family + "_bucket", labels, ExpositionConstants.PositiveInfinity, count.ToString(CultureInfo.InvariantCulture));
        WriteLine(family + "_sum", labels, null, FormatNumber(sum));
        WriteLine(family + "_count", labels, null, count.ToString(CultureInfo.InvariantCulture));
    }

    internal static string FormatNumber(double value) => value switch
    {
        double.PositiveInfinity => ExpositionConstants.PositiveInfinity,
        double.NegativeInfinity => ExpositionConstants.NegativeInfinity,
        _ when double.IsNaN(value) => ExpositionConstants.NotANumber,
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    internal static string EscapeLabelValue(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);

    private static string EscapeHelp(string help) =>
        help.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private string CurrentFamily(params MetricType[] allowed)
    {
        if (_family is null || !allowed.Contains(_type))
        {
            throw new InvalidOperationException($"A {string.Join(" or ", allowed).ToLowerInvariant()} sample needs its family declared first (current: {_family ?? "none"}).");
        }

        return _family;
    }

    private void WriteLine(string name, ReadOnlySpan<KeyValuePair<string, string>> labels, string? le, string value)
    {
        var line = new System.Text.StringBuilder(name.Length + 32);
        line.Append(name);
        if (labels.Length > 0 || le is not null)
        {
            line.Append('{');
            var first = true;
            foreach (var (label, labelValue) in labels)
            {
                if (!_validLabels.Contains(label))
                {
                    if (!LabelName().IsMatch(label) || label.StartsWith("__", StringComparison.Ordinal) || label == "le")
                    {
                        throw new ArgumentException($"Label name '{label}' of '{name}' is invalid: it must match [a-zA-Z_][a-zA-Z0-9_]*, not start with __ and not be le.", nameof(labels));
                    }

                    _validLabels.Add(label);
                }

                line.Append(first ? string.Empty : ",").Append(label).Append("=\"").Append(EscapeLabelValue(labelValue)).Append('"');
                first = false;
            }

            if (le is not null)
            {
                line.Append(first ? string.Empty : ",").Append("le=\"").Append(le).Append('"');
            }

            line.Append('}');
        }

        var series = line.ToString();
        if (!_series.Add(series))
        {
            throw new InvalidOperationException($"Series {series} was already written; every series must be unique.");
        }

        output.Write(series);
        output.Write(' ');
        output.Write(value);
        output.Write('\n');
    }

    [GeneratedRegex("^[a-zA-Z_:][a-zA-Z0-9_:]*$")]
    private static partial Regex MetricName();

    [GeneratedRegex("^[a-zA-Z_][a-zA-Z0-9_]*$")]
    private static partial Regex LabelName();
}
