namespace Loop.Engine.Spec;

/// <summary>
/// The spec's <c>cluster</c> block (issue 19): this node's address, the seed nodes it joins through, its roles.
/// Absent: one engine, no cluster.
/// </summary>
/// <param name="Hostname">The address other nodes reach this one at.</param>
/// <param name="Port">Its remoting port.</param>
/// <param name="SeedNodes">The nodes to join through, "host:port" each (this node may be one of them).</param>
/// <param name="Roles">Its cluster roles.</param>
internal sealed record ClusterSection(string Hostname, int Port, IReadOnlyList<(string Host, int Port)> SeedNodes, IReadOnlyList<string> Roles)
{
    /// <summary>The engine's actor system's name (EngineHost's AddAkka): the same on every node, or they would not form one cluster.</summary>
    public const string SystemName = "loop";

    /// <summary>Gets this node's name in labels and /status: host:port.</summary>
    public string Node => $"{Hostname}:{Port}";

    /// <summary>Gets the seed nodes as Akka addresses.</summary>
    public IEnumerable<string> SeedAddresses => SeedNodes.Select(static s => $"akka.tcp://{SystemName}@{(s.Host.Contains(':', StringComparison.Ordinal) ? $"[{s.Host}]" : s.Host)}:{s.Port}"); // an IPv6 host in brackets
}
