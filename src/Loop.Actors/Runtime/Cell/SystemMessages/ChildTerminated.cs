namespace Loop.Actors.Runtime;

/// <summary>A child tells its parent it has fully stopped, which frees its name.</summary>
internal sealed class ChildTerminated(IInternalActorRef child) : SystemMessage
{
    public IInternalActorRef Child { get; } = child;
}
