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
    public async Task Terminate_RunningActors_RunsPostStopChildFirstAndCompletesWhenTerminated()
    {
        // A probe lives under /system and may stop before reading late messages, so the hooks
        // record into a shared queue instead.
        var stops = new global::System.Collections.Concurrent.ConcurrentQueue<string>();
        var started = new CountdownEvent(2);
        var parent = System.ActorOf(Props.Create(() => new StopRecorder(stops, started, "c")), "p");
        Assert.True(started.Wait(TestKitSettings.DefaultTimeout));

        await System.Terminate().WaitAsync(TestKitSettings.DefaultTimeout);

        Assert.True(System.WhenTerminated.IsCompletedSuccessfully);
        Assert.Equal(["c", "p"], stops);
        Assert.Throws<InvalidActorNameException>(() => System.ActorOf(Props.Create(() => new StopRecorder(stops, started, null)), "late"));
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

    private sealed class StopRecorder : ActorBase
    {
        private readonly global::System.Collections.Concurrent.ConcurrentQueue<string> _stops;

        public StopRecorder(global::System.Collections.Concurrent.ConcurrentQueue<string> stops, CountdownEvent started, string? child)
        {
            _stops = stops;
            if (child is not null)
            {
                Context.ActorOf(Props.Create(() => new StopRecorder(stops, started, null)), child);
            }

            started.Signal();
        }

        protected override bool Receive(object message) => false;

        protected override void PostStop() => _stops.Enqueue(Self.Path.Name);
    }
}
