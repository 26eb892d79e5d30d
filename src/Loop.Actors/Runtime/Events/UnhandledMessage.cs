namespace Loop.Actors.Runtime;

/// <summary>Published on the event stream when an actor's behaviour did not handle a message.</summary>
/// <param name="Message">The message.</param>
/// <param name="Sender">Its sender.</param>
/// <param name="Recipient">The actor that did not handle it.</param>
public sealed record UnhandledMessage(object Message, IActorRef Sender, IActorRef Recipient);
