namespace Loop.Actors.Runtime;

/// <summary>Thrown by an <c>Ask</c> that got no reply within its timeout.</summary>
public sealed class AskTimeoutException : TimeoutException
{
    /// <summary>Initializes a new instance with a message that names the target and the timeout.</summary>
    /// <param name="message">The message.</param>
    public AskTimeoutException(string message)
        : base(message)
    {
    }
}
