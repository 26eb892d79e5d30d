namespace Loop.Actors.Runtime;

/// <summary>Delivered once to every watcher of an actor when that actor has stopped.</summary>
/// <param name="ActorRef">The actor that stopped.</param>
public sealed record Terminated(IActorRef ActorRef);
