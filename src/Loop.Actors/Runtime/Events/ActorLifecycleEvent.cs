namespace Loop.Actors.Runtime;

/// <summary>Published on the event stream when an actor starts, restarts or stops (only when someone subscribed).</summary>
/// <param name="Actor">The actor.</param>
/// <param name="Kind">What happened.</param>
/// <param name="Reason">The failure that caused a restart; otherwise null.</param>
public sealed record ActorLifecycleEvent(IActorRef Actor, ActorLifecycleKind Kind, Exception? Reason);
