namespace Loop.Actors.Cluster;

/// <summary>
/// Sharding's stop message for an <see cref="AdapterHome"/> whose shard is handed off (its node leaving, or a rebalance):
/// the home takes the adapter out of its loop, waits for the loop to confirm, asks another node's region to home it
/// (so it starts again as soon as the handoff ends, not at the next sweep), then stops.
/// </summary>
public sealed class AdapterHandOff
{
    /// <summary>The one instance.</summary>
    public static readonly AdapterHandOff Instance = new();
}
