namespace Loop.Actors.Runtime;

/// <summary>The reference to an actor of this runtime; one instance per actor, so reference equality is identity.</summary>
internal sealed class LocalActorRef(ActorCell cell, ActorPath path) : IInternalActorRef
{
    public ActorPath Path => path;

    public ActorSystem System => cell.System;

    internal ActorCell Cell => cell;

    public void Tell(object message, IActorRef sender)
    {
        ArgumentNullException.ThrowIfNull(message);
        cell.Mailbox.Post(new Envelope(message, sender ?? ActorRefs.NoSender));
    }

    public void SendSystemMessage(SystemMessage message) => cell.Mailbox.PostSystem(message);

    public override string ToString() => path.ToString();
}
