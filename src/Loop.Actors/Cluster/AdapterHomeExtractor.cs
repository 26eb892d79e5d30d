using Akka.Cluster.Sharding;

namespace Loop.Actors.Cluster;

/// <summary>Entity id: the adapter's name; shard: a stable hash of it over <see cref="Shards"/> shards.</summary>
public sealed class AdapterHomeExtractor : HashCodeMessageExtractor
{
    /// <summary>
    /// The number of shards: ten per node of a three-node cluster, three per node of ten. Each shard that moves is two
    /// writes of the coordinator's state, one after the other: with 100 a graceful leave of one of three nodes took
    /// ~500 ms to re-home all its adapters (2-3 missed ticks), with 30 ~150 ms.
    /// </summary>
    public const int Shards = 30;

    /// <summary>Initializes a new instance.</summary>
    public AdapterHomeExtractor()
        : base(Shards)
    {
    }

    /// <inheritdoc />
    public override string? EntityId(object message) => message switch
    {
        HomeAdapter m => m.Adapter,
        RouteToAdapter m => m.Adapter,
        AddAdapterFromSpec m => m.Adapter,
        _ => null,
    };
}
