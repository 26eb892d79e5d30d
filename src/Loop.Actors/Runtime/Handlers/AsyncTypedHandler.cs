namespace Loop.Actors.Runtime;

/// <summary>An async handler for messages of type <typeparamref name="T"/>; the cell suspends user messages until it completes.</summary>
internal sealed class AsyncTypedHandler<T>(ActorCell cell, Func<T, Task> handler, Predicate<T>? predicate) : MessageHandler
{
    public override bool TryHandle(object message)
    {
        if (message is T typed && (predicate is null || predicate(typed)))
        {
            cell.RunAsyncHandler(handler, typed);
            return true;
        }

        return false;
    }
}
