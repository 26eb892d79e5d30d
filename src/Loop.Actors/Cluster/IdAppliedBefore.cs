namespace Loop.Actors.Cluster;

/// <summary>
/// The router's answer to an <see cref="IdentifiedCommand"/> whose id the cluster applied, or is applying on another
/// node: not applied here, and acked by the bus as a duplicate, as one engine acks a line whose id it applied before.
/// </summary>
/// <param name="Note">What the ack's note says.</param>
public sealed record IdAppliedBefore(string Note);
