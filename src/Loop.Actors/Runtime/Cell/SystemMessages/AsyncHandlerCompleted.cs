namespace Loop.Actors.Runtime;

/// <summary>The task of an async handler finished: user messages may flow again, or its failure is handled.</summary>
internal sealed class AsyncHandlerCompleted(ActorSynchronizationContext context, Task task) : SystemMessage
{
    public ActorSynchronizationContext Context { get; } = context;

    public Task Task { get; } = task;
}
