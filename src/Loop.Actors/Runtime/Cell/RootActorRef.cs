namespace Loop.Actors.Runtime;

/// <summary>The parent of the <c>/user</c> and <c>/system</c> guardians: it sequences system termination.</summary>
internal sealed class RootActorRef(ActorSystem system) : IInternalActorRef
{
    public ActorPath Path => ActorPath.Root;

    public ActorSystem System => system;

    public void Tell(object message, IActorRef sender) => system.PublishDeadLetter(message, sender, this);

    public void SendSystemMessage(SystemMessage message)
    {
        switch (message)
        {
            case ChildTerminated terminated:
                system.OnGuardianTerminated(terminated.Child);
                break;
            case Failed failed:
                system.EventStream.Publish(new ActorError(failed.Child.Path.ToString(), $"guardian {failed.Child.Path} failed; stopping it", failed.Cause));
                failed.Child.SendSystemMessage(new Terminate());
                break;
        }
    }
}
