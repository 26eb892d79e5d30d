namespace Loop.Actors.Runtime;

/// <summary>
/// An actor's children by name. Most actors have none or one (a BackoffSupervisor has exactly one),
/// so up to <see cref="ListLimit"/> children live in a small list; beyond that, a dictionary keeps
/// lookups constant-time for a parent of 10,000. Guarded by the owning cell's lock.
/// </summary>
internal sealed class ChildTable
{
    private const int ListLimit = 8;
    private List<ChildRestartStats>? _list = new(1);
    private Dictionary<string, ChildRestartStats>? _map;

    public int Count => _list?.Count ?? _map!.Count;

    public IEnumerable<ChildRestartStats> Values => (IEnumerable<ChildRestartStats>?)_list ?? _map!.Values;

    public bool TryAdd(string name, ChildRestartStats stats)
    {
        if (_map is not null)
        {
            return _map.TryAdd(name, stats);
        }

        if (IndexOf(name) >= 0)
        {
            return false;
        }

        if (_list!.Count < ListLimit)
        {
            _list.Add(stats);
            return true;
        }

        _map = new Dictionary<string, ChildRestartStats>(StringComparer.Ordinal);
        foreach (var existing in _list)
        {
            _map.Add(existing.Child.Path.Name, existing);
        }

        _map.Add(name, stats);
        _list = null;
        return true;
    }

    public bool TryGetValue(string name, out ChildRestartStats stats)
    {
        if (_map is not null)
        {
            return _map.TryGetValue(name, out stats!);
        }

        var index = IndexOf(name);
        stats = index >= 0 ? _list![index] : null!;
        return index >= 0;
    }

    public void Remove(string name)
    {
        if (_map is not null)
        {
            _map.Remove(name);
            return;
        }

        var index = IndexOf(name);
        if (index >= 0)
        {
            _list!.RemoveAt(index);
        }
    }

    private int IndexOf(string name)
    {
        for (var i = 0; i < _list!.Count; i++)
        {
            if (string.Equals(_list[i].Child.Path.Name, name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
