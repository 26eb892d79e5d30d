using Loop.Actors.Tests.Support;

namespace Loop.Actors.Tests.Runtime;

public sealed class ActorSystemTests : ActorTest
{
    [Fact]
    public async Task ActorOf_NestedChildren_HaveHierarchicalPaths()
    {
        var probe = CreateProbe();
        var loop = System.ActorOf(Probed.For(probe), "loop");
        loop.Tell(new Probed.Spawn("adapter-a"), ActorRefs.NoSender);

        await probe.ExpectMsgAsync<Probed.Hook>(h => h.Actor == "loop");
        var child = await probe.ExpectMsgAsync<Probed.Hook>(h => h.Actor == "adapter-a");

        Assert.Equal("/user/loop", loop.Path.ToString());
        Assert.Equal("/user/loop/adapter-a", probe.LastSender.Path.ToString());
        Assert.Equal("PreStart", child.Name);
    }

    [Fact]
    public void ActorOf_DuplicateLiveName_ThrowsInvalidActorNameException()
    {
        var probe = CreateProbe();
        System.ActorOf(Probed.For(probe), "same");

        var error = Assert.Throws<InvalidActorNameException>(() => System.ActorOf(Probed.For(probe), "same"));
        Assert.Contains("'same' is not unique under /user", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a/b")]
    [InlineData("$reserved")]
    [InlineData("with space")]
    public void ActorOf_MalformedName_ThrowsInvalidActorNameException(string name)
    {
        var probe = CreateProbe();
        Assert.Throws<InvalidActorNameException>(() => System.ActorOf(Probed.For(probe), name));
    }

    [Fact]
    public async Task ActorOf_NameOfStoppedActor_CanBeReused()
    {
        var probe = CreateProbe();
        var first = System.ActorOf(Probed.For(probe), "reused");
        await probe.WatchAsync(first);
        System.Stop(first);
        await probe.FishForMessageAsync(m => m is Terminated);

        var second = System.ActorOf(Probed.For(probe), "reused");

        Assert.NotSame(first, second);
        Assert.Equal("/user/reused", second.Path.ToString());
    }

    [Fact]
    public async Task Terminate_RunningActors_RunsPostStopAndCompletesWhenTerminated()
    {
        var probe = CreateProbe();
        var parent = System.ActorOf(Probed.For(probe), "p");
        parent.Tell(new Probed.Spawn("c"), ActorRefs.NoSender);
        await probe.ExpectMsgAsync<Probed.Hook>(h => h.Name == "PreStart" && h.Actor == "p");
        await probe.ExpectMsgAsync<Probed.Hook>(h => h.Name == "PreStart" && h.Actor == "c");

        // The probe itself lives under /system, which stops after /user: it sees both PostStops.
        var terminated = System.Terminate();

        await probe.ExpectMsgAsync<Probed.Hook>(h => h.Name == "PostStop" && h.Actor == "c");
        await probe.ExpectMsgAsync<Probed.Hook>(h => h.Name == "PostStop" && h.Actor == "p");
        await terminated.WaitAsync(TestKitSettings.DefaultTimeout);
        Assert.True(System.WhenTerminated.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task Tell_ToStoppedActor_PublishesDeadLetter()
    {
        var probe = CreateProbe();
        var deadLetters = CreateProbe();
        System.EventStream.Subscribe(deadLetters.Ref, typeof(DeadLetter));
        var target = System.ActorOf(Probed.For(probe), "gone");
        await probe.WatchAsync(target);
        System.Stop(target);
        await probe.FishForMessageAsync(m => m is Terminated);

        target.Tell("late", probe.Ref);

        var letter = await deadLetters.ExpectMsgAsync<DeadLetter>();
        Assert.Equal("late", letter.Message);
        Assert.Same(target, letter.Recipient);
        Assert.Same(probe.Ref, letter.Sender);
        Assert.True(System.DeadLetterCount >= 1);
    }
}
