namespace Loop.Actors.Runtime;

/// <summary>A child reports to its parent that it failed, and waits suspended for the parent's directive.</summary>
internal sealed class Failed(IInternalActorRef child, Exception cause) : SystemMessage
{
    public IInternalActorRef Child { get; } = child;

    public Exception Cause { get; } = cause;
}
