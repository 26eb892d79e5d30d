using Loop.Actors.Adapters;
using Loop.Actors.Loop;
using Loop.Actors.Tests.Support;

namespace Loop.Actors.Tests.Loop;

/// <summary>The loop's GcPacer on a manual clock: a collection between ticks when the budget is nearly full, none when the gap is short.</summary>
public sealed class LoopGcPacingTests : LoopTest
{
    private const long MiB = 1 << 20;

    [Fact]
    public async Task BudgetNearlyFull_CollectedAfterTheTick_InTheGapBeforeTheNext()
    {
        var gc = new GcPacerTests.FakeCollector { Bound = 8 * MiB };
        var ticks = Subscribe(typeof(TickCompleted));
        var allocating = Scripted("probe", (_, _) =>
        {
            gc.Allocate(1 * MiB); // what a call allocates, as the pacer reads it
            return Task.FromResult(AdapterCallResult.Ok);
        });
        var loop = await Start(gc, TimeSpan.FromMilliseconds(150), allocating);

        var collectionsAfter = new List<int>();
        for (var i = 0; i < 12; i++)
        {
            await AdvanceAndExpect(ticks, ok: 1);
            await loop.Ask<LoopSupervisor.LoopStatus>(LoopSupervisor.GetStatus.Instance, DefaultTimeout); // the loop is past the tick's end (the pacer runs after it is published)
            collectionsAfter.Add(gc.Collections);
        }

        // 1 MiB a tick against 8: collected after the 6th tick (two more would fill it) and after the 12th.
        Assert.Equal([0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 2], collectionsAfter);
    }

    [Fact]
    public async Task TickEndingJustBeforeTheNext_NoCollection()
    {
        var gc = new GcPacerTests.FakeCollector { Bound = 2 * MiB };
        var ticks = Subscribe(typeof(TickCompleted));
        using var called = new SemaphoreSlim(0);
        using var answer = new SemaphoreSlim(0);
        var slow = Scripted("slow", async (_, cancellationToken) =>
        {
            gc.Allocate(1 * MiB);
            called.Release();
            await answer.WaitAsync(cancellationToken);
            return AdapterCallResult.Ok;
        }) with { Timeout = TimeSpan.FromMilliseconds(195) };
        var loop = await Start(gc, TimeSpan.FromMilliseconds(195), slow);

        for (var i = 0; i < 6; i++)
        {
            Clock.Advance(i == 0 ? Tick : TimeSpan.FromMilliseconds(15)); // to the next tick's due time
            Assert.True(await called.WaitAsync(DefaultTimeout), "the tick did not call the adapter");

            // The call takes 185 ms of the loop's clock: it ends 15 ms before the next tick is due. The test moves the
            // clock once the loop is done starting the tick (it answers status after). It used to move it from the
            // adapter's thread while the loop was still starting the tick (arming its deadline), and in about one run
            // in four (3 of 10 on the build before, alone) no TickCompleted came within 3 s.
            await loop.Ask<LoopSupervisor.LoopStatus>(LoopSupervisor.GetStatus.Instance, DefaultTimeout);
            Clock.Advance(TimeSpan.FromMilliseconds(185));
            answer.Release();
            var tick = await ticks.ExpectMsgAsync<TickCompleted>();
            Assert.Equal(1, tick.Ok);
            Assert.InRange(tick.LatencyMs, 185, 186);
            await loop.Ask<LoopSupervisor.LoopStatus>(LoopSupervisor.GetStatus.Instance, DefaultTimeout);
        }

        Assert.Equal(0, gc.Collections); // the budget was full from the 1st tick on, but no gap was long enough
    }

    private async Task<IActorRef> Start(IGarbageCollector gc, TimeSpan deadline, params AdapterDefinition[] adapters)
    {
        var loop = System.ActorOf(LoopSupervisor.Props(new LoopOptions { TickInterval = Tick, Deadline = deadline, Adapters = adapters, GarbageCollector = gc, GcBetweenTicks = true }), "loop");
        await AllRunning(loop);
        return loop;
    }
}
