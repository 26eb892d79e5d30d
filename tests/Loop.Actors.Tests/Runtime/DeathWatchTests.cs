using Loop.Actors.Tests.Support;

namespace Loop.Actors.Tests.Runtime;

public sealed class DeathWatchTests : ActorTest
{
    [Fact]
    public async Task Watch_ActorStops_DeliversTerminatedExactlyOnce()
    {
        var probe = CreateProbe();
        var target = System.ActorOf(Probed.For(probe));
        await probe.WatchAsync(target);
        await probe.WatchAsync(target); // watching twice still yields one Terminated

        System.Stop(target);
        System.Stop(target);

        await probe.FishForMessageAsync(m => m is Terminated t && ReferenceEquals(t.ActorRef, target));
        await probe.ExpectNoMsgAsync(Short);
    }

    [Fact]
    public async Task Watch_AfterActorDied_StillDeliversTerminated()
    {
        var probe = CreateProbe();
        var target = System.ActorOf(Probed.For(probe));
        var first = CreateProbe();
        await first.WatchAsync(target);
        System.Stop(target);
        await first.ExpectTerminatedAsync(target);

        await probe.WatchAsync(target);

        await probe.FishForMessageAsync(m => m is Terminated t && ReferenceEquals(t.ActorRef, target));
    }

    [Fact]
    public async Task Unwatch_BeforeStop_NoTerminated()
    {
        var probe = CreateProbe();
        var target = System.ActorOf(Probed.For(probe));
        await probe.ExpectMsgAsync<Probed.Hook>(h => h.Name == "PreStart");
        await probe.WatchAsync(target);
        await probe.UnwatchAsync(target);

        System.Stop(target);

        await probe.ExpectMsgAsync<Probed.Hook>(h => h.Name == "PostStop");
        await probe.ExpectNoMsgAsync(Short);
    }

    [Fact]
    public async Task UnhandledTerminated_Watcher_FailsWithDeathPactAndStops()
    {
        var probe = CreateProbe();
        var target = System.ActorOf(Probed.For(probe), "target");
        var watcher = await SpawnSupervisedAsync(Props.Create(() => new IgnoresTerminated(target)), "watcher", probe);
        await probe.WatchAsync(watcher);

        System.Stop(target);

        await probe.FishForMessageAsync(m => m is Terminated t && ReferenceEquals(t.ActorRef, watcher));
    }

    [Fact]
    public async Task Watch_Nobody_DeliversTerminatedAtOnce()
    {
        var probe = CreateProbe();

        await probe.WatchAsync(ActorRefs.Nobody);

        await probe.ExpectTerminatedAsync(ActorRefs.Nobody);
    }

    private sealed class IgnoresTerminated : ActorBase
    {
        public IgnoresTerminated(IActorRef target) => Context.Watch(target);

        protected override bool Receive(object message) => false;
    }
}
