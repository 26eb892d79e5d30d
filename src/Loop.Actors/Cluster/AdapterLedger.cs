using Loop.Actors.Loop;

namespace Loop.Actors.Cluster;

/// <summary>
/// What the cluster keeps of each adapter's state (<see cref="AdapterCarry"/>: disabled, parked, restarts) for the node
/// that runs it next when the node that ran it dies: a handover carries it, a kill -9 does not. Held by the cluster's
/// singleton, fed by each node's <see cref="AdapterCarryRelay"/>, journaled by its holder; an adapter not in it starts
/// fresh.
/// </summary>
public sealed class AdapterLedger
{
    private readonly Dictionary<string, AdapterCarry> _carries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _lastBatch = new(StringComparer.Ordinal);

    /// <summary>Initializes a new instance from what the journal kept.</summary>
    /// <param name="recovered">Each adapter's carry (ones equal to <see cref="AdapterCarry.None"/> are dropped).</param>
    public AdapterLedger(IEnumerable<KeyValuePair<string, AdapterCarry>> recovered)
    {
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
        _carries.Where(static c => c.Value.Restarts != 0).ToDictionary(static c => c.Key, static c => c.Value.Restarts, StringComparer.Ordinal));

    /// <summary>What it keeps of one adapter (<see cref="AdapterCarry.None"/> when nothing).</summary>
    /// <param name="adapter">The adapter's name.</param>
    /// <returns>Its carry.</returns>
    public AdapterCarry Of(string adapter) => _carries.GetValueOrDefault(adapter, AdapterCarry.None);

    private bool Set(string adapter, AdapterCarry carry)
    {
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
