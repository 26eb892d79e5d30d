namespace Loop.Actors.Runtime;

/// <summary>An actor name was empty, contained '/' or '$' at its start, or is already taken by a live sibling.</summary>
public sealed class InvalidActorNameException : ArgumentException
{
    /// <summary>Initializes a new instance.</summary>
    /// <param name="message">A sentence naming the bad name and the rule it broke.</param>
    public InvalidActorNameException(string message)
        : base(message)
    {
    }
}
