namespace Loop.Actors.Runtime;

/// <summary>A synchronous handler for messages of type <typeparamref name="T"/>.</summary>
internal sealed class TypedHandler<T>(Action<T> action, Predicate<T>? predicate) : MessageHandler
{
    public override bool TryHandle(object message)
    {
        if (message is T typed && (predicate is null || predicate(typed)))
        {
            action(typed);
            return true;
        }

        return false;
    }
}
