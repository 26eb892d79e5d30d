using System.Text.RegularExpressions;

namespace Loop.Engine.Spec;

/// <summary>The <c>cluster</c> block.</summary>
internal static partial class SpecLoader
{
    private static ClusterSection? ReadCluster(SpecMap root, StorageSection storage, SpecContext context)
    {
        if (!root.Has("cluster"))
        {
            return null;
        }

        var map = root.Map("cluster");
        var hostname = map.String("hostname", "127.0.0.1")!;
        var port = (int)map.Integer("port", 0, 1, 65535, "must be between 1 and 65535 (the port other nodes reach this one at)");
        if (!map.Has("port"))
        {
            map.Problem("port", "is required: the remoting port other nodes reach this one at, like 4053");
        }

        var seeds = new List<(string Host, int Port)>();
        var given = map.Strings("seed_nodes");
        foreach (var seed in given)
        {
            if (HostPort.TryParse(seed, out var host, out var seedPort))
            {
                seeds.Add((host, seedPort));
            }
            else
            {
                map.Problem("seed_nodes", $"must be a list of host:port, like [\"10.0.0.1:4053\", \"10.0.0.2:4053\"] (got \"{seed}\")");
            }
        }

        if (given.Count == 0)
        {
            map.Problem("seed_nodes", "is required: the nodes to join through, host:port each (list this node's own address on the first node)");
        }

        var roles = map.Strings("roles");
        foreach (var role in roles.Where(static r => !RoleName().IsMatch(r)))
        {
            map.Problem("roles", $"must be names of letters, digits, '_' and '-' (got \"{role}\")");
        }

        map.RejectUnknownKeys();
        if (storage.Provider != "postgres")
        {
            // One journal for the cluster: a command acked on one node must be found by whichever node recovers it.
            context.Add(root.LineOf("cluster"), "cluster", $"the nodes of a cluster share one journal, and a {storage.Provider} file belongs to one machine: set storage.provider: postgres and the same storage.connection on every node");
        }

        return new ClusterSection(hostname, port, seeds, roles);
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex RoleName();
}
