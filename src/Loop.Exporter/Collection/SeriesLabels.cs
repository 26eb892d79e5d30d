using System.Globalization;
using System.Text;
using Loop.Exporter.Exposition;

namespace Loop.Exporter.Collection;

/// <summary>
/// The label names and values of one series (at most a handful), compared by value, with their
/// exposition text rendered and encoded once when the series is created.
/// </summary>
internal sealed class SeriesLabels
{
    private readonly KeyValuePair<string, string>[] _tags;

    public SeriesLabels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        _tags = new KeyValuePair<string, string>[tags.Length];
        for (var i = 0; i < tags.Length; i++)
        {
            _tags[i] = new KeyValuePair<string, string>(tags[i].Key, ValueText(tags[i].Value));
        }

        Hash = HashOf(tags);
        Utf8 = Encoding.UTF8.GetBytes(TextExpositionWriter.RenderLabelText(_tags));
    }

    public int Hash { get; }

    /// <summary>Gets the rendered, escaped label set (<c>{a="b"}</c>, or empty) as UTF-8: what a scrape copies.</summary>
    public byte[] Utf8 { get; }

    /// <summary>Whether these are the tags of <paramref name="tags"/>, without allocating (the same string instances compare in one step).</summary>
    public bool Matches(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.Length != _tags.Length)
        {
            return false;
        }

        for (var i = 0; i < tags.Length; i++)
        {
            if (!string.Equals(tags[i].Key, _tags[i].Key, StringComparison.Ordinal)
                || !(tags[i].Value is string s ? string.Equals(s, _tags[i].Value, StringComparison.Ordinal) : ValueText(tags[i].Value) == _tags[i].Value))
            {
                return false;
            }
        }

        return true;
    }

    public static int HashOf(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var hash = default(HashCode);
        foreach (var (key, value) in tags)
        {
            hash.Add(key);
            hash.Add(value as string ?? ValueText(value));
        }

        return hash.ToHashCode();
    }

    private static string ValueText(object? value) => value as string ?? Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty;
}
