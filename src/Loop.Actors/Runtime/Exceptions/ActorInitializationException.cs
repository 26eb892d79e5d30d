namespace Loop.Actors.Runtime;

/// <summary>An actor's constructor or <c>PreStart</c> threw; the default strategy stops such an actor.</summary>
public sealed class ActorInitializationException : Exception
{
    /// <summary>Initializes a new instance.</summary>
    /// <param name="actor">The actor that failed to start.</param>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The exception the constructor or hook threw.</param>
    public ActorInitializationException(IActorRef actor, string message, Exception innerException)
        : base(message, innerException)
    {
        Actor = actor;
    }

    /// <summary>Gets the actor that failed to start.</summary>
    public IActorRef Actor { get; }
}
