using Loop.Actors.Adapters;
using Loop.Actors.Loop;
using Loop.Actors.Tests.Support;

namespace Loop.Actors.Tests.Loop;

public sealed class LoopSupervisorTests : LoopTest
{
    [Fact]
    public async Task Ticks_FixedRate_PublishCountsPerTickThenFinish()
    {
        var ticks = Subscribe(typeof(TickCompleted), typeof(LoopFinished));
        await StartLoop(3, Adapter("a", AdapterOutcome.Ok), Adapter("b", AdapterOutcome.Ok), Adapter("c", AdapterOutcome.Rejected));

        for (var n = 1; n <= 3; n++)
        {
            Clock.Advance(Tick);
            var tick = await ticks.ExpectMsgAsync<TickCompleted>();
            Assert.Equal(n, tick.Tick);
            Assert.Equal((3, 2, 1, 0, false), (tick.Adapters, tick.Ok, tick.Rejected, tick.Timeout, tick.Overrun));
            Assert.Equal(0, tick.LatencyMs); // the manual clock did not move while the adapters answered
        }

        var finished = await ticks.ExpectMsgAsync<LoopFinished>();
        Assert.Equal((3L, 0L, "ticks"), (finished.Ticks, finished.Overruns, finished.Reason));
        Clock.Advance(Tick * 5);
        await ticks.ExpectNoMsgAsync(Short);
    }

    [Fact]
    public async Task HangingAdapter_TickEndsExactlyAtDeadlineAsTimeout()
    {
        var ticks = Subscribe(typeof(TickCompleted));
        var calls = CreateProbe();
        await StartLoop(0, Adapter("ok", AdapterOutcome.Ok), Scripted("hung", ScriptedAdapter.Hang, calls) with { Timeout = TimeSpan.FromSeconds(10) });

        Clock.Advance(Tick);
        await calls.ExpectMsgAsync<ScriptedAdapter.Called>();
        Clock.Advance(TimeSpan.FromMilliseconds(149));
        await ticks.ExpectNoMsgAsync(Short);
        Clock.Advance(TimeSpan.FromMilliseconds(1));

        var tick = await ticks.ExpectMsgAsync<TickCompleted>();
        Assert.Equal((1, 1, true), (tick.Ok, tick.Timeout, tick.Overrun));
        Assert.Equal(150, tick.LatencyMs); // never past the deadline, however long the call hangs
    }

    [Fact]
    public async Task SlowTick_NextTickStillDueOnTheGrid()
    {
        var ticks = Subscribe(typeof(TickCompleted));
        var calls = CreateProbe();

        // The healthy adapter's calls tell the test when a tick has been sent out.
        await StartLoop(0, Scripted("hung", ScriptedAdapter.Hang), Scripted("healthy", ScriptedAdapter.Always(AdapterOutcome.Ok), calls));

        Clock.Advance(Tick);
        await calls.ExpectMsgAsync<ScriptedAdapter.Called>();
        Clock.Advance(TimeSpan.FromMilliseconds(150));
        var first = await ticks.ExpectMsgAsync<TickCompleted>();
        Clock.Advance(TimeSpan.FromMilliseconds(50));
        await calls.ExpectMsgAsync<ScriptedAdapter.Called>();
        Clock.Advance(TimeSpan.FromMilliseconds(150));
        var second = await ticks.ExpectMsgAsync<TickCompleted>();

        Assert.True(first.Overrun);
        Assert.Equal(Tick, second.Due - first.Due);
        Assert.Equal(0, second.JitterMs);
    }

    [Fact]
    public async Task FailingAdapter_BacksOffSkipsRestartsThenParks()
    {
        var ticks = Subscribe(typeof(TickCompleted));
        var states = Subscribe(typeof(AdapterStateChanged));
        var backoff = Subscribe(typeof(AdapterRestartScheduled));
        var policy = new RestartPolicy { AfterFailures = 2, MinBackoff = TimeSpan.FromMilliseconds(1100), RandomFactor = 0, MaxRetries = 1, ResetAfter = TimeSpan.FromHours(1) };
        await StartLoop(0, Adapter("bad", AdapterOutcome.Error) with { Restart = policy });

        await AdvanceAndExpect(ticks, error: 1);
        await AdvanceAndExpect(ticks, error: 1);               // second consecutive failure fails the adapter
        var scheduled = await backoff.ExpectMsgAsync<AdapterRestartScheduled>();
        Assert.Equal((1, TimeSpan.FromMilliseconds(1100)), (scheduled.Attempt, scheduled.Delay));
        Assert.Contains("2 consecutive failures", scheduled.Reason, StringComparison.Ordinal);

        // The loop learns of the stop through Terminated, a message of its own: wait for it before the
        // next tick, or that tick may still go to the stopped actor and wait for its deadline.
        Assert.Equal(AdapterState.Backoff, (await states.ExpectMsgAsync<AdapterStateChanged>()).State);
        await AdvanceAndExpect(ticks, skipped: 1);             // t=600: backing off
        for (var i = 0; i < 4; i++)
        {
            await AdvanceAndExpect(ticks, skipped: 1);         // t=800..1400
        }

        Clock.Advance(Tick / 2);                               // t=1500: the restart is due
        var restarted = await states.ExpectMsgAsync<AdapterStateChanged>();
        Assert.Equal(("restarted", AdapterState.Running), (restarted.Event, restarted.State));
        Clock.Advance(Tick / 2);                               // t=1600: called again, fails again
        var again = await ticks.ExpectMsgAsync<TickCompleted>();
        Assert.Equal(1, again.Error);

        await AdvanceAndExpect(ticks, error: 1);               // t=1800: fails again, out of retries
        Assert.Equal("backoff", (await states.ExpectMsgAsync<AdapterStateChanged>()).Event);  // its actor stopped...
        var parked = await states.ExpectMsgAsync<AdapterStateChanged>();                       // ...and its supervisor gave up
        Assert.Equal(("parked", AdapterState.Parked), (parked.Event, parked.State));
        await AdvanceAndExpect(ticks, skipped: 1);
    }

    [Fact]
    public async Task ParkedAdapter_Revive_CalledAgain()
    {
        var ticks = Subscribe(typeof(TickCompleted));
        var states = Subscribe(typeof(AdapterStateChanged));
        var policy = new RestartPolicy { AfterFailures = 1, MaxRetries = 0 };
        var loop = await StartLoop(0, Adapter("bad", AdapterOutcome.Error) with { Restart = policy });
        await AdvanceAndExpect(ticks, error: 1);
        await states.FishForMessageAsync(m => m is AdapterStateChanged { State: AdapterState.Parked });

        var revived = await loop.Ask<LoopSupervisor.AdapterRevived>(new LoopSupervisor.ReviveAdapter("bad"), DefaultTimeout);

        Assert.Equal("bad", revived.Adapter);
        Assert.Equal("revived", (await states.ExpectMsgAsync<AdapterStateChanged>()).Event);
        await AllRunning(loop);
        await AdvanceAndExpect(ticks, error: 1);
        await Assert.ThrowsAsync<ArgumentException>(() => loop.Ask<LoopSupervisor.AdapterRevived>(new LoopSupervisor.ReviveAdapter("nope"), DefaultTimeout));
    }

    [Fact]
    public async Task ParkedAdapter_OneTrialEveryReviveEvery_StaysParkedWhileFailing_RevivedWhenATrialSucceeds()
    {
        var (_, ticks, states, healthy) = await StartParkedProbe();

        async Task<List<TickCompleted>> Run(int count)
        {
            var seen = new List<TickCompleted>();
            for (var i = 0; i < count; i++)
            {
                Clock.Advance(Tick);
                seen.Add(await ticks.ExpectMsgAsync<TickCompleted>());
                await Task.Delay(10); // lets a trial actor started on this tick come up before the next
            }

            return seen;
        }

        // The target stays down for 4 s: one trial call a second, each failing, and the adapter stays parked.
        var down = await Run(20);
        Assert.InRange(down.Count(static t => t.Error == 1), 2, 4);
        Assert.All(down, t => Assert.Equal(0, t.Ok));
        await states.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(100));

        // Back up: the next trial succeeds and revives it.
        Volatile.Write(ref healthy.Value, true);
        await Run(10);
        var revived = await states.FishForMessageAsync(m => m is AdapterStateChanged { Event: "revived" });
        Assert.Equal("trial succeeded", ((AdapterStateChanged)revived).Reason);
        Assert.Equal(0, ((AdapterStateChanged)revived).Restarts);

        // Its BLOCK falls once calls have succeeded for clear_for; then it is called every tick.
        await Run(15);
        var after = await Run(5);
        Assert.All(after, t => Assert.Equal(1, t.Ok));
    }

    [Fact]
    public async Task ParkedAdapter_DisabledAndEnabledDuringARevivalTrial_StillParked_RevivedByALaterTrial()
    {
        // A revive trial's actor is up (the trial call goes with the next tick) when an operator disables
        // and enables the adapter: it is parked as before (not taken for a running, blocked one), and a
        // later trial revives it.
        var (loop, ticks, states, healthy) = await StartParkedProbe();

        // 1 s after parking its revive trial's actor starts; the call would go with the tick after.
        for (var i = 0; i < 5; i++)
        {
            await AdvanceAndExpect(ticks, skipped: 1);
            await Task.Delay(10);
        }

        var disabled = await loop.Ask<LoopSupervisor.ControlReply>(new LoopSupervisor.DisableAdapter("probe"), DefaultTimeout);
        Assert.Equal("disabled", disabled.Result["state"]);
        var enabled = await loop.Ask<LoopSupervisor.ControlReply>(new LoopSupervisor.EnableAdapter("probe"), DefaultTimeout);
        Assert.Equal("parked", enabled.Result["state"]);

        Volatile.Write(ref healthy.Value, true);
        var seen = new List<TickCompleted>();
        for (var i = 0; i < 15; i++)
        {
            Clock.Advance(Tick);
            seen.Add(await ticks.ExpectMsgAsync<TickCompleted>());
            await Task.Delay(10);
        }

        Assert.DoesNotContain(seen, static t => t.Overrun);
        var revived = await states.FishForMessageAsync(m => m is AdapterStateChanged { Event: "revived" });
        Assert.Equal("trial succeeded", ((AdapterStateChanged)revived).Reason);
    }

    /// <summary>
    /// A loop whose one adapter ("probe") failed once and is parked (no retries), its target down until
    /// the test sets <c>Healthy</c>; a parked adapter gets a revive trial every second.
    /// </summary>
    private async Task<(IActorRef Loop, TestProbe Ticks, TestProbe States, System.Runtime.CompilerServices.StrongBox<bool> Healthy)> StartParkedProbe()
    {
        var ticks = Subscribe(typeof(TickCompleted));
        var states = Subscribe(typeof(AdapterStateChanged));
        var healthy = new System.Runtime.CompilerServices.StrongBox<bool>(false);
        Func<long, CancellationToken, Task<AdapterCallResult>> target = (_, _) =>
            Task.FromResult(Volatile.Read(ref healthy.Value) ? AdapterCallResult.Ok : new AdapterCallResult(AdapterOutcome.Error, "down"));
        var policy = new RestartPolicy { AfterFailures = 1, MaxRetries = 0, RandomFactor = 0, ReviveEvery = TimeSpan.FromSeconds(1) };
        var bounds = new global::Loop.Actors.RAxis.RAxisThresholds { ClearFor = TimeSpan.FromSeconds(1), TrialEvery = TimeSpan.FromSeconds(1) };
        var loop = await StartLoop(0, bounds, Scripted("probe", target) with { Restart = policy });
        await AdvanceAndExpect(ticks, error: 1);
        await states.FishForMessageAsync(m => m is AdapterStateChanged { State: AdapterState.Parked });
        return (loop, ticks, states, healthy);
    }

    [Fact]
    public async Task RejectedResults_NeverRestartAnything()
    {
        var ticks = Subscribe(typeof(TickCompleted));
        var backoff = Subscribe(typeof(AdapterRestartScheduled));
        await StartLoop(0, Adapter("strict", AdapterOutcome.Rejected) with { Restart = new RestartPolicy { AfterFailures = 1 } });

        for (var i = 0; i < 5; i++)
        {
            await AdvanceAndExpect(ticks, rejected: 1);
        }

        await backoff.ExpectNoMsgAsync(Short);
    }

    [Fact]
    public async Task CrashingAdapter_ReportedAsErrorAndRestartedWithBackoff()
    {
        var ticks = Subscribe(typeof(TickCompleted));
        var backoff = Subscribe(typeof(AdapterRestartScheduled));
        await StartLoop(0, Scripted("crashy", (_, _) => throw new InvalidOperationException("kaboom")));

        await AdvanceAndExpect(ticks, error: 1);

        var scheduled = await backoff.ExpectMsgAsync<AdapterRestartScheduled>();
        Assert.Contains("kaboom", scheduled.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Spread_TenAdapters_CalledInBatchesAcrossTheWindow()
    {
        var calls = CreateProbe();
        var adapters = Enumerable.Range(0, 10).Select(i => Scripted("a" + i, ScriptedAdapter.Always(AdapterOutcome.Ok), calls)).ToArray();
        var loop = System.ActorOf(LoopSupervisor.Props(new LoopOptions
        {
            TickInterval = Tick,
            Deadline = TimeSpan.FromMilliseconds(150),
            Spread = TimeSpan.FromMilliseconds(100),
            Adapters = adapters,
        }), "spread");
        await AllRunning(loop);

        Clock.Advance(Tick);
        await calls.ExpectMsgAsync<ScriptedAdapter.Called>();      // batch 0 at once
        await calls.ExpectNoMsgAsync(Short);
        for (var batch = 1; batch < 10; batch++)
        {
            Clock.Advance(TimeSpan.FromMilliseconds(10));              // one batch every 100 ms / 10
            await calls.ExpectMsgAsync<ScriptedAdapter.Called>();
            await calls.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(30));
        }
    }

    [Fact]
    public async Task StopLoop_NoTickInFlight_RepliesAndStopsTicking()
    {
        var ticks = Subscribe(typeof(TickCompleted));
        var loop = await StartLoop(0, Adapter("a", AdapterOutcome.Ok));
        await AdvanceAndExpect(ticks, ok: 1);

        var stopped = await loop.Ask<LoopSupervisor.LoopStopped>(LoopSupervisor.StopLoop.Instance, DefaultTimeout);

        Assert.Equal(1, stopped.Ticks);
        Clock.Advance(Tick * 3);
        await ticks.ExpectNoMsgAsync(Short);
    }
}
