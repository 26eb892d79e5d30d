using Loop.Actors.RAxis;

namespace Loop.Engine.Alerting;

/// <summary>One R-Axis change on a node of a cluster, sent to the cluster's signal board.</summary>
/// <param name="Node">The node, host:port.</param>
/// <param name="Signal">The change.</param>
internal sealed record NodeSignal(string Node, RAxisSignal Signal);
