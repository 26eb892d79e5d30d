namespace Loop.Actors.Runtime;

/// <summary>The failure a <see cref="Kill"/> message causes; the default strategy stops the actor.</summary>
public sealed class ActorKilledException : Exception
{
    /// <summary>Initializes a new instance.</summary>
    /// <param name="message">The message.</param>
    public ActorKilledException(string message)
        : base(message)
    {
    }
}
