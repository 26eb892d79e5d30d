namespace Loop.Actors.Runtime;

/// <summary>What the runtime needs of a reference beyond Tell: system messages and the owning system.</summary>
internal interface IInternalActorRef : IActorRef
{
    ActorSystem? System { get; }

    /// <summary>Delivers a system message; for an actor that is gone, answers it as a dead actor would (a Watch gets a Terminated).</summary>
    void SendSystemMessage(SystemMessage message);
}
