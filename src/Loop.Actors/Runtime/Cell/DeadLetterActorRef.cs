namespace Loop.Actors.Runtime;

/// <summary><c>/deadLetters</c>: publishes what it is sent as <see cref="DeadLetter"/> on the event stream.</summary>
internal sealed class DeadLetterActorRef(ActorSystem system) : IInternalActorRef
{
    public ActorPath Path { get; } = ActorPath.Root.Child("deadLetters");

    public ActorSystem System => system;

    public void Tell(object message, IActorRef sender)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message is DeadLetter letter)
        {
            system.PublishDeadLetter(letter.Message, letter.Sender, letter.Recipient);
        }
        else
        {
            system.PublishDeadLetter(message, sender ?? ActorRefs.NoSender, this);
        }
    }

    public void SendSystemMessage(SystemMessage message)
    {
        if (message is Watch watch)
        {
            watch.Watcher.SendSystemMessage(new DeathWatchNotification(this));
        }
    }

    public override string ToString() => Path.ToString();
}
