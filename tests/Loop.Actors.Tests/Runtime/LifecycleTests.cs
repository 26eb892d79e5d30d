using Loop.Actors.Tests.Support;

namespace Loop.Actors.Tests.Runtime;

public sealed class LifecycleTests : ActorTest
{
    [Fact]
    public async Task Restart_AfterFailure_CallsHooksInOrderOnOldThenNewInstance()
    {
        var probe = CreateProbe();
        var actor = await SpawnSupervisedAsync(Probed.For(probe), "r", probe);
        var start = await probe.ExpectMsgAsync<Probed.Hook>(h => h.Name == "PreStart");

        actor.Tell(new Probed.Fail(new InvalidOperationException("boom")), ActorRefs.NoSender);

        Assert.Equal(new Probed.Hook("PreRestart", start.Instance, "r"), await probe.ExpectMsgAsync<Probed.Hook>());
        Assert.Equal(new Probed.Hook("PostStop", start.Instance, "r"), await probe.ExpectMsgAsync<Probed.Hook>());
        var postRestart = await probe.ExpectMsgAsync<Probed.Hook>();
        Assert.Equal("PostRestart", postRestart.Name);
        Assert.NotEqual(start.Instance, postRestart.Instance);
        Assert.Equal(new Probed.Hook("PreStart", postRestart.Instance, "r"), await probe.ExpectMsgAsync<Probed.Hook>());
    }

    [Fact]
    public async Task Restart_MessagesQueuedBehindFailure_AreKeptForNewInstance()
    {
        var probe = CreateProbe();
        var actor = await SpawnSupervisedAsync(Probed.For(probe), "keep", probe);
        var start = await probe.ExpectMsgAsync<Probed.Hook>();

        actor.Tell(new Probed.Fail(new InvalidOperationException("boom")), ActorRefs.NoSender);
        actor.Tell("after-1", ActorRefs.NoSender);
        actor.Tell("after-2", ActorRefs.NoSender);

        var first = (Probed.Echo)await probe.FishForMessageAsync(m => m is Probed.Echo);
        var second = await probe.ExpectMsgAsync<Probed.Echo>();
        Assert.Equal("after-1", first.Message);
        Assert.Equal("after-2", second.Message);
        Assert.NotEqual(start.Instance, first.Instance);
        Assert.Equal(first.Instance, second.Instance);
    }

    [Fact]
    public async Task Restart_FreshInstance_StartsFromInitialState()
    {
        var probe = CreateProbe();
        var actor = await SpawnSupervisedAsync(Probed.For(probe), "fresh", probe);
        actor.Tell("incr", ActorRefs.NoSender);
        actor.Tell("incr", ActorRefs.NoSender);
        probe.Send(actor, "state?");
        await probe.FishForMessageAsync(m => m is "state=2");

        actor.Tell(new Probed.Fail(new InvalidOperationException("boom")), ActorRefs.NoSender);
        probe.Send(actor, "state?");

        await probe.FishForMessageAsync(m => m is "state=0");
    }

    [Fact]
    public async Task Resume_AfterFailure_KeepsStateAndInstance()
    {
        var probe = CreateProbe();
        var child = await SpawnSupervisedAsync(Probed.For(probe), "c", probe, new OneForOneStrategy(_ => Directive.Resume));
        var start = await probe.ExpectMsgAsync<Probed.Hook>();
        child.Tell("incr", ActorRefs.NoSender);

        child.Tell(new Probed.Fail(new InvalidOperationException("boom")), ActorRefs.NoSender);
        child.Tell("incr", ActorRefs.NoSender);
        probe.Send(child, "state?");

        Assert.Equal("state=2", await probe.ExpectMsgAsync<string>());
        child.Tell("ping", ActorRefs.NoSender);
        Assert.Equal(start.Instance, (await probe.ExpectMsgAsync<Probed.Echo>()).Instance);
    }

    [Fact]
    public async Task Stop_ParentWithChildren_StopsChildrenFirst()
    {
        var probe = CreateProbe();
        var parent = System.ActorOf(Probed.For(probe), "parent");
        parent.Tell(new Probed.Spawn("child-1"), ActorRefs.NoSender);
        parent.Tell(new Probed.Spawn("child-2"), ActorRefs.NoSender);
        for (var i = 0; i < 3; i++)
        {
            await probe.ExpectMsgAsync<Probed.Hook>(h => h.Name == "PreStart");
        }

        System.Stop(parent);

        var stops = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            stops.Add((await probe.ExpectMsgAsync<Probed.Hook>(h => h.Name == "PostStop")).Actor);
        }

        Assert.Equal("parent", stops[^1]);
        Assert.Equal(["child-1", "child-2"], stops.Take(2).Order());
    }

    [Fact]
    public async Task PoisonPill_AfterQueuedMessages_ProcessesThemThenStops()
    {
        var probe = CreateProbe();
        var actor = System.ActorOf(Probed.For(probe));
        await probe.ExpectMsgAsync<Probed.Hook>();
        await probe.WatchAsync(actor);

        actor.Tell("one", ActorRefs.NoSender);
        actor.Tell(PoisonPill.Instance, ActorRefs.NoSender);
        actor.Tell("never", ActorRefs.NoSender);

        Assert.Equal("one", (await probe.ExpectMsgAsync<Probed.Echo>()).Message);
        await probe.ExpectMsgAsync<Probed.Hook>(h => h.Name == "PostStop");
        await probe.ExpectTerminatedAsync(actor);
        await probe.ExpectNoMsgAsync();
    }

    [Fact]
    public async Task FailedConstructor_DefaultStrategy_StopsTheActor()
    {
        var probe = CreateProbe();
        var child = await SpawnSupervisedAsync(Props.Create(() => new ThrowsInConstructor(probe.Ref)), "broken", probe);
        await probe.WatchAsync(child);

        await probe.ExpectMsgAsync("constructing");
        await probe.ExpectTerminatedAsync(child);
        await probe.ExpectNoMsgAsync(); // not constructed a second time: stopped, not restarted
    }

    [Fact]
    public async Task Context_ChildByName_ReturnsChildOrNobody()
    {
        var probe = CreateProbe();
        var parent = System.ActorOf(Props.Create(() => new ChildLookup()));
        parent.Tell("make", ActorRefs.NoSender);

        var found = await parent.Ask<IActorRef>("kid", TestKitSettings.DefaultTimeout);
        var missing = await parent.Ask<IActorRef>("nobody-here", TestKitSettings.DefaultTimeout);

        Assert.Equal("/user/" + parent.Path.Name + "/kid", found.Path.ToString());
        Assert.Same(ActorRefs.Nobody, missing);
    }

    [Fact]
    public void NewActor_OutsideProps_ThrowsClearError()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new ChildLookup());
        Assert.Contains("ActorOf(Props.Create", error.Message, StringComparison.Ordinal);
    }

    private sealed class ThrowsInConstructor : ActorBase
    {
        public ThrowsInConstructor(IActorRef report)
        {
            report.Tell("constructing", ActorRefs.NoSender);
            throw new InvalidOperationException("cannot construct");
        }

        protected override bool Receive(object message) => false;
    }

    private sealed class ChildLookup : ReceiveActor
    {
        public ChildLookup()
        {
            Receive<string>(s => s == "make", _ => Context.ActorOf(Props.Create(() => new ChildLookup()), "kid"));
            Receive<string>(name => Sender.Tell(Context.Child(name), Self));
        }
    }
}
