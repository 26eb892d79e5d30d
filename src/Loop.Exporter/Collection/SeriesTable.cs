namespace Loop.Exporter.Collection;

/// <summary>
/// The series of one instrument, found by their tags without allocating on the hot path: a hash of
/// the measurement's tags picks a bucket, and only a new series allocates its TagSet.
/// </summary>
internal sealed class SeriesTable<TCell>(Func<TCell> create)
    where TCell : class
{
    private readonly Dictionary<int, List<(TagSet Tags, TCell Cell)>> _byHash = [];

    public int Count { get; private set; }

    public TCell Get(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var hash = TagSet.HashOf(tags);
        if (!_byHash.TryGetValue(hash, out var candidates))
        {
            candidates = new List<(TagSet, TCell)>(1);
            _byHash[hash] = candidates;
        }

        foreach (var (set, cell) in candidates)
        {
            if (set.Matches(tags))
            {
                return cell;
            }
        }

        var created = create();
        candidates.Add((new TagSet(tags), created));
        Count++;
        return created;
    }

    /// <summary>Every series, in a stable order (by labels), for rendering.</summary>
    public List<(TagSet Tags, TCell Cell)> Snapshot() =>
        _byHash.Values.SelectMany(static c => c).OrderBy(static s => s.Tags.SortKey, StringComparer.Ordinal).ToList();
}
