using Akka.Cluster.Sharding;
using Loop.Actors.Loop;

namespace Loop.Actors.Cluster;

/// <summary>Starts the adapters' shard region on a node of the cluster, and the sweep that homes them.</summary>
public static class AdapterSharding
{
    /// <summary>The sharded type's name.</summary>
    public const string TypeName = "adapter";

    /// <summary>The adapters' shard region on the member at <paramref name="address"/>.</summary>
    /// <param name="address">A member's address (this node's too).</param>
    /// <returns>The region's path.</returns>
    public static ActorPath RegionOn(Address address) => new RootActorPath(address) / "system" / "sharding" / TypeName;

    /// <summary>
    /// Starts the region (entities: <see cref="AdapterHome"/>, never passivated: an idle home is a running adapter),
    /// <see cref="AdapterHoming"/>, and the relay that keeps the cluster's ledger told (<see cref="AdapterCarryRelay"/>).
    /// </summary>
    /// <param name="system">The node's actor system (its provider is <c>cluster</c>).</param>
    /// <param name="adapters">The spec's adapters, the same on every node.</param>
    /// <param name="loop">This node's loop: homes here add their adapter to it.</param>
    /// <param name="ledger">The proxy to the singleton that keeps the cluster's <see cref="AdapterLedger"/>.</param>
    /// <param name="read">Reads the spec (JSON) of an adapter added at run time into its definition, on whichever node homes it.</param>
    /// <returns>The region.</returns>
    public static IActorRef Start(ActorSystem system, IReadOnlyList<AdapterDefinition> adapters, IActorRef loop, IActorRef ledger, Func<string, AdapterDefinition>? read = null)
    {
        var catalog = adapters.ToDictionary(static a => a.Name, StringComparer.Ordinal);
        var sharding = ClusterSharding.Get(system); // before the settings: ClusterShardingSettings.Create throws until the extension exists
        var settings = ClusterShardingSettings.Create(system).WithPassivateIdleAfter(TimeSpan.Zero);
        var region = sharding.Start(TypeName, adapter => AdapterHome.Props(adapter, catalog, loop, read), settings, new AdapterHomeExtractor(), sharding.DefaultShardAllocationStrategy(settings), AdapterHandOff.Instance);
        system.ActorOf(AdapterCarryRelay.Props(ledger, Akka.Cluster.Cluster.Get(system).SelfUniqueAddress.ToString()), "adapter-carry-relay");
        system.ActorOf(AdapterHoming.Props(catalog.Keys.ToList(), region, ledger), AdapterHoming.Name);
        CoordinatedShutdown.Get(system).AddTask(CoordinatedShutdown.PhaseClusterLeave, "home-adapters-elsewhere", () => AdapterHoming.AskOthersToSweep(system));
        return region;
    }
}
