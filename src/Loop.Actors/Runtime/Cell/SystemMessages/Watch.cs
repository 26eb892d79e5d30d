namespace Loop.Actors.Runtime;

/// <summary>Registers Watcher to be told when Watchee stops.</summary>
internal sealed class Watch(IInternalActorRef watchee, IInternalActorRef watcher) : SystemMessage
{
    public IInternalActorRef Watchee { get; } = watchee;

    public IInternalActorRef Watcher { get; } = watcher;
}
