namespace Loop.Actors.Runtime;

/// <summary>Tells a watcher that Actor has stopped; the watcher turns it into one Terminated message.</summary>
internal sealed class DeathWatchNotification(IActorRef actor) : SystemMessage
{
    public IActorRef Actor { get; } = actor;
}
