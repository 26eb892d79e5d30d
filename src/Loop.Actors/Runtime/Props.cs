namespace Loop.Actors.Runtime;

/// <summary>
/// An immutable recipe for creating an actor (as Akka's <c>Props</c>): the factory that makes a fresh
/// instance (called again on every restart) and an optional supervisor strategy for its children.
/// </summary>
public sealed class Props
{
    private readonly Func<ActorBase> _factory;

    private Props(Func<ActorBase> factory, SupervisorStrategy? supervisorStrategy, string dispatcher = Dispatchers.Default)
    {
        _factory = factory;
        SupervisorStrategy = supervisorStrategy;
        Dispatcher = dispatcher;
    }

    /// <summary>Gets the dispatcher the actor runs on: <see cref="Dispatchers.Default"/> unless set.</summary>
    public string Dispatcher { get; }

    /// <summary>
    /// Gets the strategy that supervises the actor's children, overriding the actor's own
    /// <see cref="ActorBase.SupervisorStrategy"/>; <see langword="null"/> when not set.
    /// </summary>
    public SupervisorStrategy? SupervisorStrategy { get; }

    /// <summary>Creates props from a factory that makes a new actor instance each time it is called.</summary>
    /// <typeparam name="TActor">The actor type.</typeparam>
    /// <param name="factory">Called once at start and once per restart; must return a new instance.</param>
    /// <returns>The props.</returns>
    public static Props Create<TActor>(Func<TActor> factory)
        where TActor : ActorBase
    {
        ArgumentNullException.ThrowIfNull(factory);
        return new Props(factory, null);
    }

    /// <summary>Creates props for an actor type with a parameterless constructor.</summary>
    /// <typeparam name="TActor">The actor type.</typeparam>
    /// <returns>The props.</returns>
    public static Props Create<TActor>()
        where TActor : ActorBase, new() => new(static () => new TActor(), null);

    /// <summary>Returns a copy of these props whose actor supervises its children with <paramref name="strategy"/>.</summary>
    /// <param name="strategy">The strategy.</param>
    /// <returns>New props; this instance is unchanged.</returns>
    public Props WithSupervisorStrategy(SupervisorStrategy strategy)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        return new Props(_factory, strategy, Dispatcher);
    }

    /// <summary>Returns a copy of these props whose actor runs on <paramref name="dispatcher"/> (a <see cref="Dispatchers"/> id).</summary>
    /// <param name="dispatcher">The dispatcher id.</param>
    /// <returns>New props; this instance is unchanged.</returns>
    /// <exception cref="ArgumentException">The id is not one of <see cref="Dispatchers"/>.</exception>
    public Props WithDispatcher(string dispatcher)
    {
        if (dispatcher is not (Dispatchers.Default or Dispatchers.Pinned))
        {
            throw new ArgumentException($"Unknown dispatcher '{dispatcher}'; use {Dispatchers.Default} or {Dispatchers.Pinned}.", nameof(dispatcher));
        }

        return new Props(_factory, SupervisorStrategy, dispatcher);
    }

    internal ActorBase NewActor() => _factory();
}
