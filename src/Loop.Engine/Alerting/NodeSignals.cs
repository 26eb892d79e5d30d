using Loop.Actors.RAxis;

namespace Loop.Engine.Alerting;

/// <summary>A node's scopes above OK as it has them now, sent to the cluster's signal board every few seconds.</summary>
/// <param name="Node">The node, host:port.</param>
/// <param name="Active">The signals that raised them.</param>
internal sealed record NodeSignals(string Node, IReadOnlyList<RAxisSignal> Active);
