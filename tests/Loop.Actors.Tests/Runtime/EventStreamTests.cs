using Loop.Actors.Tests.Support;

namespace Loop.Actors.Tests.Runtime;

public sealed class EventStreamTests : ActorTest
{
    [Fact]
    public async Task Publish_SubscriberOfBaseType_ReceivesDerivedEvents()
    {
        var probe = CreateProbe();
        System.EventStream.Subscribe(probe.Ref, typeof(Animal));

        System.EventStream.Publish(new Dog("rex"));
        System.EventStream.Publish("not an animal");

        Assert.Equal(new Dog("rex"), await probe.ExpectMsgAsync<Dog>());
        await probe.ExpectNoMsgAsync(Short);
    }

    [Fact]
    public async Task Unsubscribe_AfterwardsPublished_NotDelivered()
    {
        var probe = CreateProbe();
        Assert.True(System.EventStream.Subscribe(probe.Ref, typeof(Dog)));
        Assert.False(System.EventStream.Subscribe(probe.Ref, typeof(Dog)));

        Assert.True(System.EventStream.Unsubscribe(probe.Ref, typeof(Dog)));
        System.EventStream.Publish(new Dog("gone"));

        await probe.ExpectNoMsgAsync(Short);
    }

    [Fact]
    public async Task Lifecycle_ActorStartsRestartsStops_PublishesEachOnce()
    {
        var probe = CreateProbe();
        var events = CreateProbe();
        System.EventStream.Subscribe(events.Ref, typeof(ActorLifecycleEvent));
        var actor = await SpawnSupervisedAsync(Probed.For(probe), "observed", probe);

        await events.FishForMessageAsync(m => m is ActorLifecycleEvent { Kind: ActorLifecycleKind.Started } e && e.Actor.Path.Name == "observed");
        actor.Tell(new Probed.Fail(new InvalidOperationException("x")), ActorRefs.NoSender);
        var restarted = (ActorLifecycleEvent)await events.FishForMessageAsync(m => m is ActorLifecycleEvent { Kind: ActorLifecycleKind.Restarted });
        System.Stop(actor);
        await events.FishForMessageAsync(m => m is ActorLifecycleEvent { Kind: ActorLifecycleKind.Stopped } e && ReferenceEquals(e.Actor, actor));

        Assert.Equal("x", restarted.Reason?.Message);
    }

    private abstract record Animal(string Name);

    private sealed record Dog(string Name) : Animal(Name);
}
