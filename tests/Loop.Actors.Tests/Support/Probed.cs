namespace Loop.Actors.Tests.Support;

/// <summary>
/// A scriptable actor for tests: reports its lifecycle hooks to a probe (with its instance number),
/// fails on request, echoes everything else.
/// </summary>
public sealed class Probed : ReceiveActor
{
    private static int Instances;
    private readonly IActorRef _report;
    private readonly int _instance;
    private int _state;

    public Probed(IActorRef report)
    {
        _report = report;
        _instance = Interlocked.Increment(ref Instances);
        Receive<Fail>(f => throw f.Error);
        Receive<string>(s => s == "state?", _ => Sender.Tell($"state={_state}", Self));
        Receive<string>(s => s == "incr", _ => _state++);
        Receive<Spawn>(s => Context.ActorOf(Props.Create(() => new Probed(_report)), s.Name));
        ReceiveAny(m => _report.Tell(new Echo(m, _instance), Self));
    }

    public static Props For(IActorRef report) => Props.Create(() => new Probed(report));

    protected override void PreStart() => _report.Tell(new Hook("PreStart", _instance, Self.Path.Name), Self);

    protected override void PostStop() => _report.Tell(new Hook("PostStop", _instance, Self.Path.Name), Self);

    protected override void PreRestart(Exception reason, object? message)
    {
        _report.Tell(new Hook("PreRestart", _instance, Self.Path.Name), Self);
        base.PreRestart(reason, message);
    }

    protected override void PostRestart(Exception reason)
    {
        _report.Tell(new Hook("PostRestart", _instance, Self.Path.Name), Self);
        base.PostRestart(reason);
    }

    public sealed record Fail(Exception Error);

    public sealed record Spawn(string Name);

    public sealed record Echo(object Message, int Instance);

    public sealed record Hook(string Name, int Instance, string Actor);
}
