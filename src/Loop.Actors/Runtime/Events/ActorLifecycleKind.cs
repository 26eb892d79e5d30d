namespace Loop.Actors.Runtime;

/// <summary>The kinds of <see cref="ActorLifecycleEvent"/>.</summary>
public enum ActorLifecycleKind
{
    /// <summary>The actor ran PreStart.</summary>
    Started,

    /// <summary>A fresh instance replaced a failed one.</summary>
    Restarted,

    /// <summary>The actor and all its children stopped.</summary>
    Stopped,
}
