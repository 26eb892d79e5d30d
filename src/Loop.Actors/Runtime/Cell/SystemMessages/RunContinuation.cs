namespace Loop.Actors.Runtime;

/// <summary>A continuation of an async handler, run on the actor's own turn so it never races the actor.</summary>
internal sealed class RunContinuation(ActorSynchronizationContext context, SendOrPostCallback callback, object? state) : SystemMessage
{
    public ActorSynchronizationContext Context { get; } = context;

    public SendOrPostCallback Callback { get; } = callback;

    public object? State { get; } = state;
}
