using Loop.Actors.Runtime;

namespace Loop.TestKit;

/// <summary>A message a probe received, with its sender.</summary>
/// <param name="Message">The message.</param>
/// <param name="Sender">Its sender.</param>
public readonly record struct ReceivedMessage(object Message, IActorRef Sender);
