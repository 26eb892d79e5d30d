namespace Loop.Actors.Cluster;

/// <summary>What the other members' loops answered to a <see cref="LoopWideCommand"/>.</summary>
/// <param name="Applied">How many of them applied it.</param>
/// <param name="Refused">Each that refused it, host:port to its reason (ack_block loop on a node that holds no BLOCK).</param>
/// <param name="Missed">The ones that did not answer in time (host:port): they take a pause or a tick when they next join.</param>
public sealed record LoopWideApplied(int Applied, IReadOnlyDictionary<string, string> Refused, IReadOnlyList<string> Missed);
