using Loop.Actors.RAxis;

namespace Loop.Engine.Alerting;

/// <summary>
/// The R-Axis levels of a whole cluster, merged from what each node reports: a scope's cluster level is the highest
/// any node holds it at. An adapter's scope is held by the one node that runs it; the loop scope by every node, so
/// the cluster's loop is as bad as its worst node's. Each change of a cluster level comes out once, as one signal,
/// whichever node caused it: that is what makes one Alertmanager alert per signal, not one per node.
/// A scope a node withdraws (its adapter moved away) or that a node that left held keeps its level for
/// <c>holdWithdrawn</c>, so the adapter's new node can raise it again without the alert resolving and firing anew.
/// Pure: the caller passes the time, and sends on what comes out.
/// </summary>
internal sealed class ClusterSignals(TimeSpan holdWithdrawn)
{
    private readonly Dictionary<string, Dictionary<string, Held>> _byScope = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RAxisSignal> _cluster = new(StringComparer.Ordinal);

    /// <summary>Gets the scopes above OK in the cluster now, each with the signal that raised it there.</summary>
    public IReadOnlyDictionary<string, RAxisSignal> Active => _cluster;

    /// <summary>A node's signal; returns the cluster's change, if it makes one.</summary>
    public RAxisSignal? Take(string node, RAxisSignal signal, DateTimeOffset now)
    {
        var nodes = NodesOf(signal.Scope);
        if (signal.Level > RAxisLevel.Ok)
        {
            nodes[node] = new Held(signal, null);
        }
        else if (signal.Withdrawn && nodes.TryGetValue(node, out var held) && held.Until is null)
        {
            nodes[node] = held with { Until = now + holdWithdrawn };
        }
        else if (!signal.Withdrawn)
        {
            nodes.Remove(node);
        }

        return Settle(signal.Scope, signal.Reason, now);
    }

    /// <summary>
    /// A node's scopes above OK as it has them now (sent every few seconds): a board that just started learns the
    /// cluster from these, and a fall lost on the way is caught. Returns the cluster's changes.
    /// </summary>
    public IReadOnlyList<RAxisSignal> TakeSnapshot(string node, IReadOnlyCollection<RAxisSignal> active, DateTimeOffset now)
    {
        var changes = new List<RAxisSignal>();
        var listed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var signal in active)
        {
            listed.Add(signal.Scope);
            var nodes = NodesOf(signal.Scope);
            if (!nodes.TryGetValue(node, out var held) || held.Until is not null || held.Signal.Level != signal.Level)
            {
                nodes[node] = new Held(signal, null);
                Add(changes, Settle(signal.Scope, signal.Reason, now));
            }
        }

        foreach (var scope in _byScope.Where(s => !listed.Contains(s.Key) && s.Value.TryGetValue(node, out var h) && h.Until is null).Select(static s => s.Key).ToList())
        {
            _byScope[scope].Remove(node);
            Add(changes, Settle(scope, $"node {node} no longer holds it above OK", now));
        }

        return changes;
    }

    /// <summary>A node left the cluster: what it held is held a while longer, for the nodes its adapters move to.</summary>
    public void NodeGone(string node, DateTimeOffset now)
    {
        foreach (var nodes in _byScope.Values)
        {
            if (nodes.TryGetValue(node, out var held) && held.Until is null)
            {
                nodes[node] = held with { Until = now + holdWithdrawn };
            }
        }
    }

    /// <summary>Lets go of what was held past its time; returns the cluster's changes (falls no node raised again).</summary>
    public IReadOnlyList<RAxisSignal> Expire(DateTimeOffset now)
    {
        var changes = new List<RAxisSignal>();
        foreach (var (scope, nodes) in _byScope.ToList())
        {
            var expired = nodes.Where(n => n.Value.Until is { } until && until <= now).Select(static n => n.Key).ToList();
            if (expired.Count == 0)
            {
                continue;
            }

            foreach (var node in expired)
            {
                nodes.Remove(node);
            }

            Add(changes, Settle(scope, $"withdrawn from {string.Join(", ", expired)} and not raised again by another node within {holdWithdrawn.TotalSeconds:0} s", now));
        }

        return changes;
    }

    private static void Add(List<RAxisSignal> changes, RAxisSignal? change)
    {
        if (change is not null)
        {
            changes.Add(change);
        }
    }

    private Dictionary<string, Held> NodesOf(string scope)
    {
        if (!_byScope.TryGetValue(scope, out var nodes))
        {
            nodes = new Dictionary<string, Held>(StringComparer.Ordinal);
            _byScope[scope] = nodes;
        }

        return nodes;
    }

    /// <summary>The scope's cluster level from what the nodes hold; a signal when it differs from the one last given out.</summary>
    private RAxisSignal? Settle(string scope, string fallReason, DateTimeOffset now)
    {
        var nodes = _byScope[scope];
        KeyValuePair<string, Held>? top = null;
        foreach (var entry in nodes)
        {
            if (top is not { } best || entry.Value.Signal.Level > best.Value.Signal.Level || (entry.Value.Signal.Level == best.Value.Signal.Level && entry.Value.Until is null && best.Value.Until is not null))
            {
                top = entry;
            }
        }

        if (nodes.Count == 0)
        {
            _byScope.Remove(scope);
        }

        var was = _cluster.TryGetValue(scope, out var current) ? current.Level : RAxisLevel.Ok;
        var level = top?.Value.Signal.Level ?? RAxisLevel.Ok;
        if (level == was)
        {
            return null;
        }

        if (top is { } raised && level > RAxisLevel.Ok)
        {
            var signal = raised.Value.Signal with { Previous = was, Reason = $"{raised.Value.Signal.Reason} (on {raised.Key})", At = now, Withdrawn = false };
            _cluster[scope] = signal;
            return signal;
        }

        _cluster.Remove(scope);
        return current! with { Level = RAxisLevel.Ok, Previous = was, Reason = fallReason, Observed = double.NaN, Threshold = double.NaN, At = now, ReasonClass = null, Withdrawn = false };
    }

    private sealed record Held(RAxisSignal Signal, DateTimeOffset? Until);
}
