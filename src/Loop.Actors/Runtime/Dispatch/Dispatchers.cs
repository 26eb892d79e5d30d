namespace Loop.Actors.Runtime;

/// <summary>The dispatchers an actor can run on (Akka's dispatcher ids, as given to <see cref="Props.WithDispatcher"/>).</summary>
public static class Dispatchers
{
    /// <summary>The thread pool, shared by all actors; each mailbox turn is one work item. The default.</summary>
    public const string Default = "default-dispatcher";

    /// <summary>
    /// A thread of its own for the actor (Akka's PinnedDispatcher): its turns never wait for a pool
    /// thread, whatever else keeps the pool busy. For the few actors whose timing matters (the loop).
    /// The thread ends when the actor stops.
    /// </summary>
    public const string Pinned = "pinned-dispatcher";
}
