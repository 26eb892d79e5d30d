using Loop.Actors.Adapters;
using Loop.Actors.Loop;
using Loop.Actors.Tests.Support;

namespace Loop.Actors.Tests.Loop;

/// <summary>The wall clock's grid (a cluster's nodes tick at the same instants): ticks at whole multiples of the interval since the Unix epoch.</summary>
public sealed class LoopWallClockGridTests : LoopTest
{
    [Fact]
    public async Task StartedOffTheGrid_FirstTickAtTheNextMultiple_ThenEveryInterval()
    {
        var ticks = Subscribe(typeof(TickCompleted));
        Clock.Advance(TimeSpan.FromMilliseconds(70)); // 00:00:00.070: 130 ms before the wall clock's next 200 ms mark
        var started = Clock.GetUtcNow();
        var loop = System.ActorOf(LoopSupervisor.Props(new LoopOptions { TickInterval = Tick, WallClockGrid = true, Adapters = [Adapter("a", AdapterOutcome.Ok)] }), "loop");
        await AllRunning(loop);

        Clock.Advance(TimeSpan.FromMilliseconds(129));
        await ticks.ExpectNoMsgAsync(Short);
        Clock.Advance(TimeSpan.FromMilliseconds(1));
        var first = await ticks.ExpectMsgAsync<TickCompleted>();
        Clock.Advance(Tick);
        var second = await ticks.ExpectMsgAsync<TickCompleted>();

        Assert.Equal(started.AddMilliseconds(130), first.Due);
        Assert.Equal(0, first.Due.ToUnixTimeMilliseconds() % 200);
        Assert.Equal(first.Due + Tick, second.Due);
        Assert.Equal((1L, 2L), (first.Tick, second.Tick));
    }

    [Fact]
    public async Task WithoutIt_TheGridStartsOneIntervalAfterTheLoop()
    {
        var ticks = Subscribe(typeof(TickCompleted));
        Clock.Advance(TimeSpan.FromMilliseconds(70));
        var started = Clock.GetUtcNow();
        await StartLoop(0, Adapter("a", AdapterOutcome.Ok));

        Clock.Advance(TimeSpan.FromMilliseconds(130));
        await ticks.ExpectNoMsgAsync(Short);
        Clock.Advance(TimeSpan.FromMilliseconds(70));
        var first = await ticks.ExpectMsgAsync<TickCompleted>();

        Assert.Equal(started + Tick, first.Due);
    }
}
