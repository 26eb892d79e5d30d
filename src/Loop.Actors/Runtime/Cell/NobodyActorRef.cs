namespace Loop.Actors.Runtime;

/// <summary>"No actor": drops what it is sent, and a watch on it answers Terminated at once.</summary>
internal sealed class NobodyActorRef : IInternalActorRef
{
    private NobodyActorRef()
    {
    }

    public static NobodyActorRef Instance { get; } = new();

    public ActorPath Path { get; } = ActorPath.Root.Child("nobody");

    public ActorSystem? System => null;

    public void Tell(object message, IActorRef sender)
    {
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
