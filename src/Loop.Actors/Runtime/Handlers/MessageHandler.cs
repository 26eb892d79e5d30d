namespace Loop.Actors.Runtime;

/// <summary>One registered Receive handler.</summary>
internal abstract class MessageHandler
{
    public abstract bool TryHandle(object message);
}
