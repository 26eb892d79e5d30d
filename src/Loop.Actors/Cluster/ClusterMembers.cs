using Akka.Cluster;

namespace Loop.Actors.Cluster;

/// <summary>How Loop names a member of its cluster, and which members it may hand work to.</summary>
public static class ClusterMembers
{
    /// <summary>A member's node name, as /status, the <c>node</c> label and the journal's streams give it: host:port.</summary>
    /// <param name="address">The member's address.</param>
    /// <returns>host:port.</returns>
    public static string NodeName(Address address) => $"{address.Host}:{address.Port}";

    /// <summary>The members other than this node that are up and reachable: the ones to hand an adapter or a sweep to.</summary>
    /// <param name="cluster">This node's cluster extension.</param>
    /// <returns>The members.</returns>
    public static IEnumerable<Member> OthersUp(Akka.Cluster.Cluster cluster) => UpAndReachable(cluster).Where(m => !m.Address.Equals(cluster.SelfAddress));

    /// <summary>The members that are up and reachable, this node included.</summary>
    /// <param name="cluster">This node's cluster extension.</param>
    /// <returns>The members.</returns>
    public static IEnumerable<Member> UpAndReachable(Akka.Cluster.Cluster cluster)
    {
        var state = cluster.State;
        return state.Members.Where(m => m.Status == MemberStatus.Up && !state.Unreachable.Contains(m));
    }
}
