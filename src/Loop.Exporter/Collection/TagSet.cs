using System.Globalization;

namespace Loop.Exporter.Collection;

/// <summary>The label names and values of one series (at most a handful), compared by value.</summary>
internal readonly struct TagSet : IEquatable<TagSet>
{
    private readonly KeyValuePair<string, string>[] _tags;
    private readonly int _hash;

    public TagSet(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        _tags = new KeyValuePair<string, string>[tags.Length];
        var hash = default(HashCode);
        for (var i = 0; i < tags.Length; i++)
        {
            var value = tags[i].Value as string ?? Convert.ToString(tags[i].Value, CultureInfo.InvariantCulture) ?? string.Empty;
            _tags[i] = new KeyValuePair<string, string>(tags[i].Key, value);
            hash.Add(tags[i].Key);
            hash.Add(value);
        }

        _hash = hash.ToHashCode();
        SortKey = string.Join('\u0001', _tags.Select(static t => t.Key + "\u0002" + t.Value));
        LabelText = Exposition.TextExpositionWriter.RenderLabelText(_tags);
    }

    /// <summary>Gets the rendered, escaped label set (<c>{a="b"}</c>, or empty), made once with the series.</summary>
    public string LabelText { get; }

    public ReadOnlySpan<KeyValuePair<string, string>> Tags => _tags;

    /// <summary>Whether these are the tags of <paramref name="tags"/>, without allocating.</summary>
    public bool Matches(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.Length != _tags.Length)
        {
            return false;
        }

        for (var i = 0; i < tags.Length; i++)
        {
            if (!string.Equals(tags[i].Key, _tags[i].Key, StringComparison.Ordinal)
                || !(tags[i].Value is string s ? string.Equals(s, _tags[i].Value, StringComparison.Ordinal) : Equals(Convert.ToString(tags[i].Value, CultureInfo.InvariantCulture), _tags[i].Value)))
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
            hash.Add(value as string ?? Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty);
        }

        return hash.ToHashCode();
    }

    /// <summary>Gets the labels as one string, to render series in a stable order (made once, with the series).</summary>
    public string SortKey { get; }

    public bool Equals(TagSet other) => _hash == other._hash && _tags.AsSpan().SequenceEqual(other._tags);

    public override bool Equals(object? obj) => obj is TagSet other && Equals(other);

    public override int GetHashCode() => _hash;
}
