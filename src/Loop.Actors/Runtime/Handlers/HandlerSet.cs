namespace Loop.Actors.Runtime;

/// <summary>An ordered list of handlers: the first that matches wins.</summary>
internal sealed class HandlerSet
{
    private MessageHandler[] _handlers = [];

    public void Add(MessageHandler handler) => _handlers = [.. _handlers, handler];

    public bool TryHandle(object message)
    {
        foreach (var handler in _handlers)
        {
            if (handler.TryHandle(message))
            {
                return true;
            }
        }

        return false;
    }
}
