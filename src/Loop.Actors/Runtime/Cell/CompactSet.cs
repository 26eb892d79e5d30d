namespace Loop.Actors.Runtime;

/// <summary>
/// A set for the few-element case that dominates death watch (an actor watched by one or two): it
/// costs nothing when empty, one reference for one element, a small list up to
/// <see cref="ListLimit"/> elements and a HashSet beyond, so a LoopSupervisor watching 10,000
/// adapters still adds and removes in constant time. A mutable struct: keep it in a field and call
/// its methods on the field, never on a copy. Used only during its owner's turn.
/// </summary>
internal struct CompactSet<T>
    where T : class
{
    private const int ListLimit = 8;
    private object? _items; // null | T | List<T> | HashSet<T>

    public readonly int Count => _items switch
    {
        null => 0,
        List<T> list => list.Count,
        HashSet<T> set => set.Count,
        _ => 1,
    };

    public bool Add(T item)
    {
        switch (_items)
        {
            case null:
                _items = item;
                return true;
            case List<T> list:
                if (list.Contains(item))
                {
                    return false;
                }

                if (list.Count < ListLimit)
                {
                    list.Add(item);
                }
                else
                {
                    _items = new HashSet<T>(list) { item };
                }

                return true;
            case HashSet<T> set:
                return set.Add(item);
            default:
                var single = (T)_items;
                if (EqualityComparer<T>.Default.Equals(single, item))
                {
                    return false;
                }

                _items = new List<T>(2) { single, item };
                return true;
        }
    }

    public bool Remove(T item)
    {
        switch (_items)
        {
            case null:
                return false;
            case List<T> list:
                return list.Remove(item);
            case HashSet<T> set:
                return set.Remove(item);
            default:
                if (!EqualityComparer<T>.Default.Equals((T)_items, item))
                {
                    return false;
                }

                _items = null;
                return true;
        }
    }

    public readonly bool Contains(T item) => _items switch
    {
        null => false,
        List<T> list => list.Contains(item),
        HashSet<T> set => set.Contains(item),
        _ => EqualityComparer<T>.Default.Equals((T)_items, item),
    };

    /// <summary>Returns a copy of the elements (for notifying them while the set may change).</summary>
    public readonly T[] ToArray() => _items switch
    {
        null => [],
        List<T> list => [.. list],
        HashSet<T> set => [.. set],
        _ => [(T)_items],
    };

    public void Clear() => _items = null;
}
