namespace Loop.Actors.Cluster;

/// <summary>The cluster's bus's answer to <see cref="ClaimId"/>.</summary>
/// <param name="First">True when the id is new to the cluster (now reserved for this command); false when it was applied, or is being applied, before.</param>
/// <param name="By">Where it was applied before, when known (a node's host:port).</param>
public sealed record IdClaimed(bool First, string? By);
