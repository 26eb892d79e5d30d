namespace Loop.Actors.Runtime;

/// <summary>Published on the event stream for every message that could not be delivered.</summary>
/// <param name="Message">The undelivered message.</param>
/// <param name="Sender">Its sender.</param>
/// <param name="Recipient">The actor it was meant for.</param>
public sealed record DeadLetter(object Message, IActorRef Sender, IActorRef Recipient);
