using Akka.Cluster.Hosting;
using Akka.Cluster.Hosting.SBR;
using Akka.Hosting;
using Akka.Remote.Hosting;
using Loop.Engine.Spec;

namespace Loop.Engine.Hosting;

/// <summary>
/// The spec's <c>cluster</c> block as Akka.Hosting sets it up: remoting on the node's address, the cluster with its
/// seeds and roles, and the split-brain resolver. Nothing without the block: one engine needs no cluster.
/// </summary>
internal static class ClusterHosting
{
    // Tuned for a probing engine (issue 19: adapters re-homed within 15 s of a kill -9): a node is unreachable
    // after ~3 s of silence (1 s heartbeats, a 3 s pause allowed) and the resolver decides once membership has been
    // stable for 5 s (Akka's default is 20 s); sharding then waits 2 s more (down-removal-margin; by default as long
    // as stable-after) for the downed side to have stopped its adapters before they start again elsewhere.
    // The risk: a node paused longer than that (a long GC, a starved VM)
    // is downed and shuts itself down, and its adapters move, as for a dead one. A node that joins takes its share of
    // the adapters within one rebalance (5 s; Akka's default moves one shard in ten every 10 s). A node stops its loop
    // and flushes its files after it has left (before-actor-system-terminate, with the time service-requests-done has
    // for one engine). The coordinator writes each shard move to a majority of nodes (Akka's default adds 3, all of a
    // small cluster, leaving node included) and still reads from a majority plus 5, so a new coordinator sees every
    // write: a graceful leave re-homes its adapters in ~150 ms instead of ~300-700 ms (issue 19: at most one missed tick).
    // A remote message may be up to 4 MiB (Akka's default is 128 kB): the ledger's answer to a sweep names every adapter
    // with a restart count, up to limits.max_adapters of them.
    private const string Tuning = """
        akka.cluster.failure-detector.heartbeat-interval = 1s
        akka.cluster.failure-detector.acceptable-heartbeat-pause = 3s
        akka.cluster.split-brain-resolver.stable-after = 5s
        akka.cluster.down-removal-margin = 2s
        akka.cluster.run-coordinated-shutdown-when-down = on
        akka.cluster.sharding.passivate-idle-entity-after = off
        akka.cluster.sharding.coordinator-state.write-majority-plus = 0
        akka.coordinated-shutdown.phases.before-actor-system-terminate.timeout = 70s
        akka.cluster.sharding.rebalance-interval = 5s
        akka.cluster.sharding.least-shard-allocation-strategy.rebalance-absolute-limit = 100
        akka.cluster.sharding.least-shard-allocation-strategy.rebalance-relative-limit = 0.5
        akka.remote.dot-netty.tcp.maximum-frame-size = 4MiB
        """;

    /// <summary>Adds remoting and clustering when <paramref name="cluster"/> is set.</summary>
    /// <param name="builder">The engine's Akka configuration.</param>
    /// <param name="cluster">The spec's cluster block, or null.</param>
    /// <returns>The builder.</returns>
    public static AkkaConfigurationBuilder WithLoopCluster(this AkkaConfigurationBuilder builder, ClusterSection? cluster)
    {
        if (cluster is null)
        {
            return builder;
        }

        return builder
            .AddHocon(Tuning, HoconAddMode.Prepend)
            .WithRemoting(new RemoteOptions { HostName = cluster.Hostname, Port = cluster.Port })
            .WithClustering(new ClusterOptions
            {
                SeedNodes = [.. cluster.SeedAddresses],
                Roles = [.. cluster.Roles],

                // keep-majority: the side with more nodes stays up, and the other downs itself and stops probing.
                // In a tie (2 nodes, one lost) the side with the lowest address stays.
                SplitBrainResolver = new KeepMajorityOption(),
            });
    }
}
