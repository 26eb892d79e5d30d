namespace Loop.Actors.Tests.Support;

/// <summary>A parent with a given strategy that creates children on request and reports Terminated.</summary>
public sealed class Supervising : ReceiveActor
{
    private readonly SupervisorStrategy _strategy;

    public Supervising(SupervisorStrategy strategy, IActorRef report)
    {
        _strategy = strategy;
        Receive<CreateChild>(c => Sender.Tell(Context.ActorOf(c.Props, c.Name), Self));
        Receive<Terminated>(t => report.Tell(t, Self));
    }

    protected override SupervisorStrategy SupervisorStrategy() => _strategy;

    public sealed record CreateChild(Props Props, string Name);
}
