using Akka.Cluster.Sharding;

namespace Loop.Actors.Cluster;

/// <summary>Entity id: the adapter's name; shard: a stable hash of it over <see cref="Shards"/> shards.</summary>
public sealed class AdapterHomeExtractor : HashCodeMessageExtractor
{
    /// <summary>The number of shards: ten per node of a ten-node cluster, so shards move in small steps.</summary>
    public const int Shards = 100;

    /// <summary>Initializes a new instance.</summary>
    public AdapterHomeExtractor()
        : base(Shards)
    {
    }

    /// <inheritdoc />
    public override string? EntityId(object message) => (message as HomeAdapter)?.Adapter;
}
