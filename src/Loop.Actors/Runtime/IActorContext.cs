namespace Loop.Actors.Runtime;

/// <summary>
/// What an actor sees of itself and its surroundings while it runs (Akka's <c>IActorContext</c>).
/// Use it only from the actor's own handlers and lifecycle hooks: it is not thread-safe.
/// </summary>
public interface IActorContext
{
    /// <summary>Gets the actor's own reference.</summary>
    IActorRef Self { get; }

    /// <summary>Gets the sender of the message being processed, or <see cref="ActorRefs.NoSender"/>.</summary>
    IActorRef Sender { get; }

    /// <summary>Gets the actor's parent (its supervisor).</summary>
    IActorRef Parent { get; }

    /// <summary>Gets the actor system the actor belongs to.</summary>
    ActorSystem System { get; }

    /// <summary>Gets the live children (children that have not yet terminated).</summary>
    IReadOnlyCollection<IActorRef> Children { get; }

    /// <summary>Returns the child named <paramref name="name"/>, or <see cref="ActorRefs.Nobody"/>.</summary>
    /// <param name="name">The child's name.</param>
    /// <returns>The child, or <see cref="ActorRefs.Nobody"/>.</returns>
    IActorRef Child(string name);

    /// <summary>Creates a child actor.</summary>
    /// <param name="props">The recipe.</param>
    /// <param name="name">A name unique among the live children; generated when null.</param>
    /// <returns>The child's reference, usable at once (messages wait for its start).</returns>
    /// <exception cref="InvalidActorNameException">The name is taken or malformed.</exception>
    IActorRef ActorOf(Props props, string? name = null);

    /// <summary>Stops <paramref name="actor"/> asynchronously: its children stop first, then it does.</summary>
    /// <param name="actor">A child or the actor itself.</param>
    void Stop(IActorRef actor);

    /// <summary>Delivers <see cref="Terminated"/> once when <paramref name="subject"/> stops (at once if it already has).</summary>
    /// <param name="subject">The actor to watch.</param>
    /// <returns><paramref name="subject"/>.</returns>
    IActorRef Watch(IActorRef subject);

    /// <summary>Stops watching <paramref name="subject"/>; a <see cref="Terminated"/> not yet processed is dropped.</summary>
    /// <param name="subject">The actor to stop watching.</param>
    /// <returns><paramref name="subject"/>.</returns>
    IActorRef Unwatch(IActorRef subject);

    /// <summary>Replaces the current behaviour.</summary>
    /// <param name="receive">The new behaviour.</param>
    void Become(Receive receive);

    /// <summary>Pushes a behaviour on top of the current one.</summary>
    /// <param name="receive">The new behaviour.</param>
    void BecomeStacked(Receive receive);

    /// <summary>Pops the behaviour pushed last; the initial behaviour is never popped.</summary>
    void UnbecomeStacked();
}
