using Loop.Actors.Cluster;

namespace Loop.Engine.Bus;

/// <summary>The cluster-wide view: every node's part of the work, as each reports it.</summary>
internal sealed partial class ClusterBus
{
    /// <summary>A node's report: kept (members only), and answered with every member's latest, the cluster-wide view.</summary>
    private void OnNodeLoad(Hosting.NodeLoad load)
    {
        _loads[load.Node] = load;
        var members = _cluster.State.Members.Select(static m => ClusterMembers.NodeName(m.Address)).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in _loads.Keys.Where(n => !members.Contains(n)).ToList())
        {
            _loads.Remove(gone);
        }

        // A List, not a collection expression: the answer crosses to other nodes, and Akka's JSON serializer cannot
        // build the compiler's own read-only list type back.
        Sender.Tell(new Hosting.ClusterLoad(_loads.Values.OrderBy(static l => l.Node, StringComparer.Ordinal).ToList()));
    }
}
