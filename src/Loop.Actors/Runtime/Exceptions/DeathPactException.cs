namespace Loop.Actors.Runtime;

/// <summary>
/// An actor did not handle the <see cref="Terminated"/> of an actor it watched; as in Akka, that is a
/// failure, and the default strategy stops the watcher.
/// </summary>
public sealed class DeathPactException : Exception
{
    /// <summary>Initializes a new instance.</summary>
    /// <param name="deadActor">The watched actor whose termination went unhandled.</param>
    public DeathPactException(IActorRef deadActor)
        : base($"Monitored actor {deadActor.Path} terminated and the watcher did not handle Terminated.")
    {
        DeadActor = deadActor;
    }

    /// <summary>Gets the watched actor that stopped.</summary>
    public IActorRef DeadActor { get; }
}
