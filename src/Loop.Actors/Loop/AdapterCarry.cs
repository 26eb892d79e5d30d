namespace Loop.Actors.Loop;

/// <summary>
/// What an adapter takes with it when it moves to another node of a cluster (a graceful leave, a rebalance): what an
/// operator decided (disabled, removed) and what the loop did to it (parked, its restart count), which one engine keeps
/// in its journal. Without it an adapter disabled on one node would run again on the next, and one removed would come
/// back.
/// </summary>
/// <param name="Disabled">Whether it was disabled.</param>
/// <param name="Parked">Whether it was parked (out of retries).</param>
/// <param name="Restarts">How many times it was restarted.</param>
/// <param name="Removed">Whether an operator removed it (remove_adapter): no node runs it until it is added again.</param>
public sealed record AdapterCarry(bool Disabled, bool Parked, long Restarts, bool Removed = false)
{
    /// <summary>An adapter that starts fresh: enabled, not parked, never restarted.</summary>
    public static readonly AdapterCarry None = new(false, false, 0);

    /// <summary>An adapter an operator removed: nothing else of it matters.</summary>
    public static readonly AdapterCarry RemovedByOperator = new(false, false, 0, Removed: true);

    /// <summary>
    /// Each adapter named in any of the four, with its carry: how the cluster's ledger answers a sweep and how its journal
    /// keeps it, both as plain collections, are read back.
    /// </summary>
    /// <param name="disabled">The adapters disabled.</param>
    /// <param name="parked">The adapters parked.</param>
    /// <param name="restarts">The restart counts.</param>
    /// <param name="removed">The adapters removed (any of the others they are named in is moot).</param>
    /// <returns>The carries, by adapter.</returns>
    public static Dictionary<string, AdapterCarry> Gather(IEnumerable<string> disabled, IEnumerable<string> parked, IReadOnlyDictionary<string, long> restarts, IEnumerable<string> removed)
    {
        var isDisabled = disabled.ToHashSet(StringComparer.Ordinal);
        var isParked = parked.ToHashSet(StringComparer.Ordinal);
        var carries = isDisabled.Concat(isParked).Concat(restarts.Keys)
            .Distinct(StringComparer.Ordinal)
            .ToDictionary(static a => a, a => new AdapterCarry(isDisabled.Contains(a), isParked.Contains(a), restarts.GetValueOrDefault(a)), StringComparer.Ordinal);
        foreach (var adapter in removed)
        {
            carries[adapter] = RemovedByOperator;
        }

        return carries;
    }
}
