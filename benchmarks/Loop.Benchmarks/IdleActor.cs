using Akka.Actor;

namespace Loop.Benchmarks;

/// <summary>An actor that signals when it started and when it got a message, and otherwise does nothing.</summary>
public sealed class IdleActor(StartCounter started) : ActorBase
{
    protected override void PreStart() => started.Signal();

    protected override bool Receive(object message)
    {
        if (message is StartCounter touched)
        {
            touched.Signal();
        }

        return true;
    }
}
