using System.Text.Json;
using Loop.Actors.Cluster;

namespace Loop.Engine.Hosting;

/// <summary>What /status says of the cluster a node is in: the node itself, the leader, each member and its state.</summary>
/// <param name="Node">This node, host:port.</param>
/// <param name="Leader">The leader, host:port; null while there is none.</param>
/// <param name="Members">Each member: host:port, its status (joining, up, leaving, exiting, down, removed), its roles, and whether it is reachable from here.</param>
internal sealed record ClusterView(string Node, string? Leader, IReadOnlyList<(string Address, string Status, IReadOnlyList<string> Roles, bool Reachable)> Members)
{
    /// <summary>Gets the cluster's work, node by node and summed, as the cluster's bus last told this node; null before it has.</summary>
    public ClusterLoad? Load { get; init; }

    /// <summary>Reads the cluster's state as this node sees it.</summary>
    public static ClusterView Of(Akka.Actor.ActorSystem system, ClusterLoad? load = null)
    {
        var cluster = Akka.Cluster.Cluster.Get(system);
        var state = cluster.State;
        var unreachable = state.Unreachable.Select(static m => m.Address).ToHashSet();
        return new ClusterView(
            ClusterMembers.NodeName(cluster.SelfAddress),
            state.Leader is { } leader ? ClusterMembers.NodeName(leader) : null,
            [.. state.Members.Select(m => (ClusterMembers.NodeName(m.Address), m.Status.ToString().ToLowerInvariant(), (IReadOnlyList<string>)[.. m.Roles.Order(StringComparer.Ordinal)], !unreachable.Contains(m.Address)))])
        {
            Load = load,
        };
    }

    /// <summary>Writes it as the <c>cluster</c> object.</summary>
    public void Write(Utf8JsonWriter json)
    {
        json.WriteStartObject("cluster");
        json.WriteString("node", Node);
        if (Leader is null)
        {
            json.WriteNull("leader");
        }
        else
        {
            json.WriteString("leader", Leader);
        }

        json.WriteStartArray("members");
        foreach (var (address, status, roles, reachable) in Members)
        {
            json.WriteStartObject();
            json.WriteString("address", address);
            json.WriteString("status", status);
            json.WriteBoolean("reachable", reachable);
            json.WriteStartArray("roles");
            foreach (var role in roles)
            {
                json.WriteStringValue(role);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        Load?.Write(json);
        json.WriteEndObject();
    }
}
