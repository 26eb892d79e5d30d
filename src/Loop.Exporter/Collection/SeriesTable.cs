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

    /// <summary>Copies every series out (call under the owner's lock: O(n), no sorting, so the loop waits as little as possible).</summary>
    public List<(TagSet Tags, TCell Cell)> Copy()
    {
        var all = new List<(TagSet, TCell)>(Count);
        foreach (var candidates in _byHash.Values)
        {
            all.AddRange(candidates);
        }

        return all;
    }
}
