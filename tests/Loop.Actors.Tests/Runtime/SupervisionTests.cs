using Loop.Actors.Tests.Support;

namespace Loop.Actors.Tests.Runtime;

public sealed class SupervisionTests : ActorTest
{
    [Fact]
    public async Task Escalate_ChildFailure_IsDecidedByGrandparentStrategy()
    {
        var probe = CreateProbe();
        var decisions = new List<string>();

        // Grandparent restarts; the parent escalates everything.
        var grandparent = System.ActorOf(Props.Create(() => new Supervising(
            new OneForOneStrategy(ex => { decisions.Add("grandparent:" + ex.Message); return Directive.Restart; }), probe.Ref)));
        var parentProps = Props.Create(() => new Probed(probe.Ref))
            .WithSupervisorStrategy(new OneForOneStrategy(ex => { decisions.Add("parent:" + ex.Message); return Directive.Escalate; }));
        var parent = await grandparent.Ask<IActorRef>(new Supervising.CreateChild(parentProps, "parent"), TestKitSettings.DefaultTimeout);
        parent.Tell(new Probed.Spawn("child"), ActorRefs.NoSender);
        await probe.ExpectMsgAsync<Probed.Hook>(h => h.Actor == "parent" && h.Name == "PreStart");
        await probe.ExpectMsgAsync<Probed.Hook>(h => h.Actor == "child" && h.Name == "PreStart");
        var child = probe.LastSender;

        child.Tell(new Probed.Fail(new InvalidOperationException("deep")), ActorRefs.NoSender);

        // The grandparent's Restart applies to the parent: its PreRestart stops the child.
        await probe.FishForMessageAsync(m => m is Probed.Hook { Name: "PostRestart", Actor: "parent" });
        Assert.Equal(["parent:deep", "grandparent:deep"], decisions);
    }

    [Fact]
    public async Task MaxNrOfRetries_ExceededWithinWindow_StopsChild()
    {
        var probe = CreateProbe();
        var strategy = new OneForOneStrategy(2, TimeSpan.FromMinutes(1), SupervisorStrategy.DefaultDecider);
        var child = await SpawnSupervisedAsync(Probed.For(probe), "flaky", probe, strategy);
        await probe.WatchAsync(child);
        await probe.ExpectMsgAsync<Probed.Hook>(h => h.Name == "PreStart");

        for (var i = 0; i < 2; i++)
        {
            child.Tell(new Probed.Fail(new InvalidOperationException("again")), ActorRefs.NoSender);
            await probe.FishForMessageAsync(m => m is Probed.Hook { Name: "PostRestart" });
            Clock.Advance(TimeSpan.FromSeconds(10));
        }

        child.Tell(new Probed.Fail(new InvalidOperationException("third")), ActorRefs.NoSender);

        await probe.FishForMessageAsync(m => m is Terminated t && ReferenceEquals(t.ActorRef, child));
    }

    [Fact]
    public async Task MaxNrOfRetries_FailuresSpreadBeyondWindow_KeepsRestarting()
    {
        var probe = CreateProbe();
        var strategy = new OneForOneStrategy(2, TimeSpan.FromMinutes(1), SupervisorStrategy.DefaultDecider);
        var child = await SpawnSupervisedAsync(Probed.For(probe), "slow-flaky", probe, strategy);
        await probe.ExpectMsgAsync<Probed.Hook>(h => h.Name == "PreStart");

        for (var i = 0; i < 5; i++)
        {
            child.Tell(new Probed.Fail(new InvalidOperationException("rare")), ActorRefs.NoSender);
            await probe.FishForMessageAsync(m => m is Probed.Hook { Name: "PostRestart" });
            Clock.Advance(TimeSpan.FromSeconds(61)); // each failure opens a new window
        }

        child.Tell("alive?", ActorRefs.NoSender);
        Assert.Equal("alive?", (await probe.FishForMessageAsync(m => m is Probed.Echo) as Probed.Echo)!.Message);
    }

    [Fact]
    public async Task MaxNrOfRetriesZero_AnyFailure_StopsChild()
    {
        var probe = CreateProbe();
        var child = await SpawnSupervisedAsync(Probed.For(probe), "fragile", probe, new OneForOneStrategy(0, null, SupervisorStrategy.DefaultDecider));
        await probe.WatchAsync(child);

        child.Tell(new Probed.Fail(new InvalidOperationException("once")), ActorRefs.NoSender);

        await probe.FishForMessageAsync(m => m is Terminated t && ReferenceEquals(t.ActorRef, child));
    }

    [Fact]
    public async Task AllForOne_OneChildFails_EveryChildRestarts()
    {
        var probe = CreateProbe();
        var parent = System.ActorOf(Props.Create(() => new Supervising(new AllForOneStrategy(SupervisorStrategy.DefaultDecider), probe.Ref)));
        var a = await parent.Ask<IActorRef>(new Supervising.CreateChild(Probed.For(probe), "a"), TestKitSettings.DefaultTimeout);
        await parent.Ask<IActorRef>(new Supervising.CreateChild(Probed.For(probe), "b"), TestKitSettings.DefaultTimeout);

        a.Tell(new Probed.Fail(new InvalidOperationException("a broke")), ActorRefs.NoSender);

        var restarted = new HashSet<string>();
        while (restarted.Count < 2)
        {
            var hook = (Probed.Hook)await probe.FishForMessageAsync(m => m is Probed.Hook { Name: "PostRestart" });
            restarted.Add(hook.Actor);
        }

        Assert.Equal(["a", "b"], restarted.Order());
    }

    [Fact]
    public async Task OneForOne_OneChildFails_SiblingKeepsRunning()
    {
        var probe = CreateProbe();
        var parent = System.ActorOf(Props.Create(() => new Supervising(SupervisorStrategy.DefaultStrategy, probe.Ref)));
        var a = await parent.Ask<IActorRef>(new Supervising.CreateChild(Probed.For(probe), "a"), TestKitSettings.DefaultTimeout);
        var b = await parent.Ask<IActorRef>(new Supervising.CreateChild(Probed.For(probe), "b"), TestKitSettings.DefaultTimeout);
        b.Tell("incr", ActorRefs.NoSender);

        a.Tell(new Probed.Fail(new InvalidOperationException("a broke")), ActorRefs.NoSender);
        await probe.FishForMessageAsync(m => m is Probed.Hook { Name: "PostRestart", Actor: "a" });
        probe.Send(b, "state?");

        Assert.Equal("state=1", await probe.FishForMessageAsync(m => m is string));
    }

    [Fact]
    public async Task Guardian_TopLevelActorFails_PublishesErrorAndStopsIt()
    {
        var probe = CreateProbe();
        var errors = CreateProbe();
        System.EventStream.Subscribe(errors.Ref, typeof(ActorError));
        var actor = System.ActorOf(Probed.For(probe), "top");
        await probe.WatchAsync(actor);

        actor.Tell(new Probed.Fail(new InvalidOperationException("top broke")), ActorRefs.NoSender);

        var error = await errors.ExpectMsgAsync<ActorError>();
        Assert.Contains("/user/top failed with InvalidOperationException: top broke", error.Message, StringComparison.Ordinal);
        Assert.Contains("decided Stop", error.Message, StringComparison.Ordinal);
        await probe.FishForMessageAsync(m => m is Terminated);
    }

    [Fact]
    public async Task Kill_DefaultStrategy_StopsTheActor()
    {
        var probe = CreateProbe();
        var child = await SpawnSupervisedAsync(Probed.For(probe), "victim", probe);
        await probe.WatchAsync(child);

        child.Tell(Kill.Instance, ActorRefs.NoSender);

        await probe.FishForMessageAsync(m => m is Terminated t && ReferenceEquals(t.ActorRef, child));
    }

    [Fact]
    public void DefaultDecider_MapsAkkaExceptions()
    {
        Assert.Equal(Directive.Restart, SupervisorStrategy.DefaultDecider(new InvalidOperationException()));
        Assert.Equal(Directive.Stop, SupervisorStrategy.DefaultDecider(new ActorKilledException("k")));
        Assert.Equal(Directive.Stop, SupervisorStrategy.DefaultDecider(new ActorInitializationException(ActorRefs.Nobody, "x", new InvalidOperationException())));
        Assert.Equal(Directive.Stop, SupervisorStrategy.DefaultDecider(new DeathPactException(ActorRefs.Nobody)));
    }
}
