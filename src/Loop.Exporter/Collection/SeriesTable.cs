namespace Loop.Exporter.Collection;

/// <summary>
/// The series of one instrument in creation order (the order a scrape writes them, as prometheus-net
/// does: no sorting per scrape), found by their tags without allocating.
/// </summary>
/// <remarks>
/// Callers that report the same series in the same order each time (an observable instrument walking
/// its adapters) hit the "next in order" probe and skip hashing; others go through a hash of the tags.
/// Not thread-safe: the owning aggregator locks.
/// </remarks>
internal sealed class SeriesTable<TCell>(Func<TCell> create)
    where TCell : class
{
    private readonly Dictionary<int, Series<TCell>> _byHash = [];
    private readonly List<Series<TCell>> _ordered = [];
    private int _next;

    public int Count => _ordered.Count;

    public TCell Get(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (_next < _ordered.Count && _ordered[_next].Labels.Matches(tags))
        {
            return _ordered[_next++].Cell;
        }

        var hash = SeriesLabels.HashOf(tags);
        _byHash.TryGetValue(hash, out var first);
        for (var series = first; series is not null; series = series.NextWithSameHash)
        {
            if (series.Labels.Matches(tags))
            {
                _next = series.Index + 1;
                return series.Cell;
            }
        }

        var created = new Series<TCell>(new SeriesLabels(tags), create(), _ordered.Count) { NextWithSameHash = first };
        _byHash[hash] = created;
        _ordered.Add(created);
        _next = _ordered.Count;
        return created.Cell;
    }

    /// <summary>Gets the series in creation order (valid until the next change; read under the owner's lock).</summary>
    public IReadOnlyList<Series<TCell>> Ordered => _ordered;

    /// <summary>Forgets the series <paramref name="stale"/> picks (a removed adapter's), keeping the order of the rest.</summary>
    public void RemoveWhere(Func<TCell, bool> stale)
    {
        if (_ordered.RemoveAll(s => stale(s.Cell)) == 0)
        {
            return;
        }

        _byHash.Clear();
        for (var i = 0; i < _ordered.Count; i++)
        {
            var series = _ordered[i];
            series.Index = i;
            _byHash.TryGetValue(series.Labels.Hash, out var first);
            series.NextWithSameHash = first;
            _byHash[series.Labels.Hash] = series;
        }

        _next = 0;
    }
}
