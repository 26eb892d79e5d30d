using Akka.Actor;

namespace Loop.Benchmarks;

/// <summary>Creates idle children on request; stops itself (and so them) on request.</summary>
public sealed class SpawnParent : ActorBase
{
    private TaskCompletionSource? _stopped;

    protected override bool Receive(object message)
    {
        switch (message)
        {
            case Spawn spawn:
                var props = Props.Create(() => new IdleActor(spawn.Started));
                for (var i = 0; i < spawn.Count; i++)
                {
                    Context.ActorOf(props);
                }

                return true;
            case Measurements.ChildrenQuery:
                Sender.Tell(Context.GetChildren().ToList(), Self);
                return true;
            case StopAll stop:
                _stopped = stop.Done;
                Context.Stop(Self);
                return true;
            default:
                return false;
        }
    }

    protected override void PostStop() => _stopped?.TrySetResult();

    public sealed record Spawn(int Count, StartCounter Started);

    public sealed record StopAll(TaskCompletionSource Done);
}
