using Loop.Actors.RAxis;

namespace Loop.Engine.Alerting;

/// <summary>
/// A node stops cleanly: its relay tells the board, with what the node holds above OK. When it is the last member, the
/// board resolves every alert, as one engine does on a clean stop (having taken the node's report first, in case the
/// board has just moved here and knows nothing yet); otherwise the others carry on. Answered with the same message.
/// </summary>
/// <param name="Node">The node, host:port.</param>
/// <param name="Active">The signals that raised the scopes the node holds above OK.</param>
internal sealed record NodeStopping(string Node, IReadOnlyList<RAxisSignal> Active);
