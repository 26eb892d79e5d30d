using Loop.Actors.Adapters;
using Loop.Actors.Loop;
using Loop.Actors.Tests.Support;

namespace Loop.Actors.Tests.Loop;

public sealed class LoopControlTests : LoopTest
{
    [Fact]
    public async Task Pause_TicksKeepComingWithEveryAdapterSkipped_ResumeCallsAgain()
    {
        var ticks = Subscribe(typeof(TickCompleted));
        var loop = await StartLoop(0, Adapter("a", AdapterOutcome.Ok), Adapter("b", AdapterOutcome.Ok));
        await AdvanceAndExpect(ticks, ok: 2);

        var paused = await Control(loop, new LoopSupervisor.Pause());

        Assert.Equal(true, paused.Result["paused"]);
        await AdvanceAndExpect(ticks, skipped: 2);
        await AdvanceAndExpect(ticks, skipped: 2);
        Assert.True((await Status(loop)).Paused);

        await Control(loop, new LoopSupervisor.Resume());
        await AdvanceAndExpect(ticks, ok: 2);
    }

    [Fact]
    public async Task SetTick_NextTickKeepsItsTime_LaterOnesFollowTheNewInterval()
    {
        var ticks = Subscribe(typeof(TickCompleted));
        var loop = await StartLoop(0, Adapter("a", AdapterOutcome.Ok));
        await AdvanceAndExpect(ticks, ok: 1); // tick 1 at 200

        var reply = await Control(loop, new LoopSupervisor.SetTick(TimeSpan.FromMilliseconds(500)));
        Assert.True(reply.Ok, reply.Message);

        await AdvanceAndExpect(ticks, ok: 1); // tick 2 still at 400
        Clock.Advance(TimeSpan.FromMilliseconds(400));
        await ticks.ExpectNoMsgAsync(Short); // 800: nothing, the next is at 900
        Clock.Advance(TimeSpan.FromMilliseconds(100));
        var third = await ticks.ExpectMsgAsync<TickCompleted>();
        Assert.Equal(3, third.Tick);
        Assert.Equal(0, third.JitterMs);
    }

    [Fact]
    public async Task SetTick_Shorter_NextTickOneNewIntervalAfterTheLast()
    {
        var ticks = Subscribe(typeof(TickCompleted));
        var loop = await StartLoop(0, Adapter("a", AdapterOutcome.Ok));
        await Control(loop, new LoopSupervisor.SetTick(TimeSpan.FromSeconds(10)));
        await AdvanceAndExpect(ticks, ok: 1); // tick 1 at 200 was already due

        await Control(loop, new LoopSupervisor.SetTick(TimeSpan.FromMilliseconds(300)));

        Clock.Advance(TimeSpan.FromMilliseconds(300)); // 500: not 10.2 s
        var second = await ticks.ExpectMsgAsync<TickCompleted>();
        Assert.Equal((2, 0.0), (second.Tick, second.JitterMs));
    }

    [Fact]
    public async Task SetTick_NotAboveTheDeadline_RefusedAndGridUnchanged()
    {
        var ticks = Subscribe(typeof(TickCompleted));
        var loop = await StartLoop(0, Adapter("a", AdapterOutcome.Ok));

        var reply = await Control(loop, new LoopSupervisor.SetTick(TimeSpan.FromMilliseconds(100)));

        Assert.Equal("invalid_args", reply.ErrorCode);
        Assert.Contains("deadline (150 ms)", reply.Message, StringComparison.Ordinal);
        await AdvanceAndExpect(ticks, ok: 1);
    }

    [Fact]
    public async Task AddThenRemoveAdapter_CountedWhileInTheLoop_GoneAfter()
    {
        var ticks = Subscribe(typeof(TickCompleted));
        var loop = await StartLoop(0, Adapter("a", AdapterOutcome.Ok));

        var added = await Control(loop, new LoopSupervisor.AddAdapter(Adapter("b", AdapterOutcome.Error)));
        Assert.True(added.Ok, added.Message);
        await AllRunning(loop);
        await AdvanceAndExpect(ticks, ok: 1, error: 1);

        var removed = await Control(loop, new LoopSupervisor.RemoveAdapter("b"));
        Assert.True(removed.Ok, removed.Message);
        Clock.Advance(Tick);
        var tick = await ticks.ExpectMsgAsync<TickCompleted>();
        Assert.Equal((1, 1, 0), (tick.Adapters, tick.Ok, tick.Skipped));
        Assert.Equal(["a"], (await Status(loop)).Adapters.Keys);

        // The name is free again; the new adapter is a new actor.
        Assert.True((await Control(loop, new LoopSupervisor.AddAdapter(Adapter("b", AdapterOutcome.Ok)))).Ok);
        await AllRunning(loop);
        await AdvanceAndExpect(ticks, ok: 2);
    }

    [Fact]
    public async Task AddAdapter_NameInUse_Refused()
    {
        var loop = await StartLoop(0, Adapter("a", AdapterOutcome.Ok));

        var reply = await Control(loop, new LoopSupervisor.AddAdapter(Adapter("a", AdapterOutcome.Ok)));

        Assert.Equal("invalid_args", reply.ErrorCode);
    }

    [Fact]
    public async Task DisableEnable_SkippedWhileDisabled()
    {
        var ticks = Subscribe(typeof(TickCompleted));
        var loop = await StartLoop(0, Adapter("a", AdapterOutcome.Ok), Adapter("b", AdapterOutcome.Ok));

        await Control(loop, new LoopSupervisor.DisableAdapter("b"));
        await AdvanceAndExpect(ticks, ok: 1, skipped: 1);
        Assert.Equal(AdapterState.Disabled, (await Status(loop)).Adapters["b"].State);

        await Control(loop, new LoopSupervisor.EnableAdapter("b"));
        await AdvanceAndExpect(ticks, ok: 2);
    }

    [Fact]
    public async Task UnknownAdapter_AnsweredUnknownAdapterNamingWhatExists()
    {
        var loop = await StartLoop(0, Adapter("a", AdapterOutcome.Ok));

        var reply = await Control(loop, new LoopSupervisor.RestartAdapter("nope"));

        Assert.Equal(("unknown_adapter", "no adapter named 'nope'; the loop has a"), (reply.ErrorCode, reply.Message));
    }

    [Fact]
    public async Task InjectFault_Error_NextCallsFailThenRealCallsAgain()
    {
        var ticks = Subscribe(typeof(TickCompleted));
        var loop = await StartLoop(0, Adapter("a", AdapterOutcome.Ok) with { Restart = new RestartPolicy { AfterFailures = 100 } });

        await Control(loop, new LoopSupervisor.InjectFault("a", FaultMode.Error, 2));

        await AdvanceAndExpect(ticks, error: 1);
        await AdvanceAndExpect(ticks, error: 1);
        await AdvanceAndExpect(ticks, ok: 1);
    }

    [Fact]
    public async Task InjectFault_Timeout_HeldToTheDeadline()
    {
        var ticks = Subscribe(typeof(TickCompleted));
        var loop = await StartLoop(0, Adapter("a", AdapterOutcome.Ok) with { Restart = new RestartPolicy { AfterFailures = 100 } });
        await Control(loop, new LoopSupervisor.InjectFault("a", FaultMode.Timeout, 1));

        Clock.Advance(Tick);
        await ticks.ExpectNoMsgAsync(Short);
        Clock.Advance(TimeSpan.FromMilliseconds(150));
        var tick = await ticks.ExpectMsgAsync<TickCompleted>();

        Assert.Equal((1, 150.0), (tick.Timeout, tick.LatencyMs));
    }

    [Fact]
    public async Task InjectFault_Crash_AdapterRestartsUnderBackoff()
    {
        var states = Subscribe(typeof(AdapterStateChanged));
        var loop = await StartLoop(0, Adapter("a", AdapterOutcome.Ok));
        await Control(loop, new LoopSupervisor.InjectFault("a", FaultMode.Crash, 1));

        Clock.Advance(Tick);

        var down = await states.ExpectMsgAsync<AdapterStateChanged>();
        Assert.Equal(AdapterState.Backoff, down.State);
    }

    [Fact]
    public async Task RestartAdapter_Running_FreshActorAndBackInTheLoop()
    {
        var ticks = Subscribe(typeof(TickCompleted));
        var states = Subscribe(typeof(AdapterStateChanged));
        var loop = await StartLoop(0, Adapter("a", AdapterOutcome.Ok));

        var reply = await Control(loop, new LoopSupervisor.RestartAdapter("a"));

        Assert.Equal("running", reply.Result["was"]);
        Assert.Equal("restarted", (await states.ExpectMsgAsync<AdapterStateChanged>()).Event);
        await AllRunning(loop);
        await AdvanceAndExpect(ticks, ok: 1);
    }

    private async Task<LoopSupervisor.ControlReply> Control(IActorRef loop, object command) =>
        await loop.Ask<LoopSupervisor.ControlReply>(command, DefaultTimeout);

    private async Task<LoopSupervisor.LoopStatus> Status(IActorRef loop) =>
        await loop.Ask<LoopSupervisor.LoopStatus>(LoopSupervisor.GetStatus.Instance, DefaultTimeout);
}
