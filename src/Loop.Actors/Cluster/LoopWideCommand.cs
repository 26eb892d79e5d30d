namespace Loop.Actors.Cluster;

/// <summary>
/// A command for the whole cluster's loop (pause, resume, set_tick, reset_metrics, ack_block loop), sent by the router of
/// the node that took it to the cluster's bus (a ClusterSingleton): it records what must hold for nodes that join later
/// (paused, the tick) and hands the command to every other member's loop. The origin applies it to its own loop
/// afterwards, so its ack is the one engine's.
/// </summary>
/// <param name="Origin">The node that took the command, host:port (its own loop is not asked by the singleton).</param>
/// <param name="Command">The loop's control message.</param>
public sealed record LoopWideCommand(string Origin, object Command);
