using Loop.Actors.Loop;

namespace Loop.Actors.Cluster;

/// <summary>
/// What the cluster keeps of each adapter's state (<see cref="AdapterCarry"/>: disabled, parked, restarts, removed) for
/// the node that runs it next when the node that ran it dies: a handover carries it, a kill -9 does not. And the
/// adapters added at run time, with their specs, which the sweeps home as they home the spec's. Held by the cluster's
/// singleton, fed by each node's <see cref="AdapterCarryRelay"/> and router, journaled by its holder; an adapter not in
/// it starts fresh.
/// </summary>
public sealed class AdapterLedger
{
    private readonly Dictionary<string, AdapterCarry> _carries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _lastBatch = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _added = new(StringComparer.Ordinal);

    /// <summary>Initializes a new instance from what the journal kept.</summary>
    /// <param name="recovered">Each adapter's carry (ones equal to <see cref="AdapterCarry.None"/> are dropped).</param>
    /// <param name="added">The adapters added at run time and not removed since, with their specs.</param>
    public AdapterLedger(IEnumerable<KeyValuePair<string, AdapterCarry>> recovered, IEnumerable<KeyValuePair<string, string>>? added = null)
    {
        foreach (var (adapter, spec) in added ?? [])
        {
            _added[adapter] = spec;
        }

        foreach (var (adapter, carry) in recovered)
        {
            Set(adapter, carry);
        }
    }

    /// <summary>Gets how many adapters it keeps something of.</summary>
    public int Count => _carries.Count;

    /// <summary>Takes a node's batch, unless a later one from that node was taken already (an ask that timed out, sent again).</summary>
    /// <param name="batch">The batch.</param>
    /// <returns>The carries that changed, to be journaled.</returns>
    public List<KeyValuePair<string, AdapterCarry>> Take(AdapterCarries batch)
    {
        if (_lastBatch.TryGetValue(batch.Node, out var last) && batch.Sequence <= last)
        {
            return [];
        }

        _lastBatch[batch.Node] = batch.Sequence;
        return batch.Changes.Where(c => Set(c.Key, c.Value)).ToList();
    }

    /// <summary>
    /// An adapter added at run time (add_adapter, applied by the node that homes it): the sweeps home it from now on, with
    /// this spec, as they home the spec file's. A spec adapter of the same name is replaced by it.
    /// </summary>
    /// <param name="adapter">The adapter's name.</param>
    /// <param name="spec">Its spec, as JSON.</param>
    /// <returns>Whether anything changed, to be journaled.</returns>
    public bool Admit(string adapter, string spec)
    {
        if (_added.TryGetValue(adapter, out var known) && known == spec)
        {
            return false;
        }

        _added[adapter] = spec;
        return true;
    }

    /// <summary>reset_metrics, cluster-wide: every restart count is zeroed.</summary>
    /// <returns>The carries that changed, to be journaled.</returns>
    public List<KeyValuePair<string, AdapterCarry>> ResetRestarts() =>
        _carries.Where(static c => c.Value.Restarts != 0).ToList()
            .Select(static c => KeyValuePair.Create(c.Key, c.Value with { Restarts = 0 }))
            .Where(c => Set(c.Key, c.Value))
            .ToList();

    /// <summary>Everything it keeps, for a sweep to home adapters with.</summary>
    /// <returns>The answer to <see cref="RecallCarries"/>.</returns>
    public RecalledCarries Recall() => new(
        _carries.Where(static c => c.Value.Disabled).Select(static c => c.Key).ToList(),
        _carries.Where(static c => c.Value.Parked).Select(static c => c.Key).ToList(),
        _carries.Where(static c => c.Value.Restarts != 0).ToDictionary(static c => c.Key, static c => c.Value.Restarts, StringComparer.Ordinal),
        _carries.Where(static c => c.Value.Removed).Select(static c => c.Key).ToList(),
        new Dictionary<string, string>(_added, StringComparer.Ordinal));

    /// <summary>What it keeps of one adapter (<see cref="AdapterCarry.None"/> when nothing).</summary>
    /// <param name="adapter">The adapter's name.</param>
    /// <returns>Its carry.</returns>
    public AdapterCarry Of(string adapter) => _carries.GetValueOrDefault(adapter, AdapterCarry.None);

    private bool Set(string adapter, AdapterCarry carry)
    {
        if (carry.Removed)
        {
            _added.Remove(adapter); // an added adapter removed is gone; a spec adapter stays out by its carry
        }

        if (carry == AdapterCarry.None)
        {
            return _carries.Remove(adapter);
        }

        if (_carries.TryGetValue(adapter, out var known) && known == carry)
        {
            return false;
        }

        _carries[adapter] = carry;
        return true;
    }
}
