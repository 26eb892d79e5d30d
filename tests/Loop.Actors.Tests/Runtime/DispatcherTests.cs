using Loop.Actors.Tests.Support;

namespace Loop.Actors.Tests.Runtime;

public sealed class DispatcherTests : ActorTest
{
    public DispatcherTests()
        : base(realClock: true)
    {
    }

    [Fact]
    public async Task Pinned_EveryTurnOnOneThreadOfItsOwn_NotThePool()
    {
        var probe = CreateProbe();
        var actor = System.ActorOf(Props.Create(() => new ThreadReporter(probe.Ref)).WithDispatcher(Dispatchers.Pinned), "pinned");

        var seen = new List<(int Id, bool Pool, string? Name)>();
        for (var i = 0; i < 50; i++)
        {
            actor.Tell("which", ActorRefs.NoSender);
            seen.Add(await probe.ExpectMsgAsync<(int, bool, string?)>());
        }

        Assert.Single(seen.Select(s => s.Id).Distinct());
        Assert.All(seen, s => Assert.False(s.Pool, "a pinned actor ran on a thread-pool thread"));
        Assert.Equal("/user/pinned", seen[0].Name);
    }

    [Fact]
    public async Task Pinned_ActorStops_ItsThreadEnds()
    {
        var probe = CreateProbe();
        var actor = System.ActorOf(Props.Create(() => new ThreadReporter(probe.Ref)).WithDispatcher(Dispatchers.Pinned), "short-lived");
        actor.Tell("thread", ActorRefs.NoSender);
        var thread = await probe.ExpectMsgAsync<Thread>();

        System.Stop(actor);

        await TestProbe.AwaitAssertAsync(() => Assert.False(thread.IsAlive, "the pinned thread outlived its actor"));
    }

    [Fact]
    public async Task Default_RunsOnThePool()
    {
        var probe = CreateProbe();
        var actor = System.ActorOf(Props.Create(() => new ThreadReporter(probe.Ref)));

        actor.Tell("which", ActorRefs.NoSender);

        Assert.True((await probe.ExpectMsgAsync<(int, bool, string?)>()).Item2);
    }

    [Fact]
    public void WithDispatcher_UnknownId_Refused()
    {
        var error = Assert.Throws<ArgumentException>(() => Props.Create(() => new ThreadReporter(ActorRefs.Nobody)).WithDispatcher("fork-join"));

        Assert.Contains("fork-join", error.Message, StringComparison.Ordinal);
    }

    private sealed class ThreadReporter : ReceiveActor
    {
        public ThreadReporter(IActorRef probe)
        {
            Receive<string>(m => m == "which", _ => probe.Tell((Environment.CurrentManagedThreadId, Thread.CurrentThread.IsThreadPoolThread, Thread.CurrentThread.Name), Self));
            Receive<string>(m => m == "thread", _ => probe.Tell(Thread.CurrentThread, Self));
        }
    }
}
