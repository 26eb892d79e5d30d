namespace Loop.Actors.Runtime;

/// <summary>
/// An immutable, shareable handle to an actor. Sending through it never blocks and never throws:
/// a message for an actor that has stopped goes to <see cref="ActorSystem.DeadLetters"/>.
/// </summary>
public interface IActorRef
{
    /// <summary>Gets the actor's hierarchical path, for example <c>/user/loop/adapter-a</c>.</summary>
    ActorPath Path { get; }

    /// <summary>Sends <paramref name="message"/> to the actor (fire and forget).</summary>
    /// <param name="message">The message; any object, preferably an immutable record.</param>
    /// <param name="sender">The actor a reply should go to; <see cref="ActorRefs.NoSender"/> when there is none.</param>
    void Tell(object message, IActorRef sender);
}
