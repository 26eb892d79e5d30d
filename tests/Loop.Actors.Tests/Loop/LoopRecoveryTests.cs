using Loop.Actors.Adapters;
using Loop.Actors.Loop;
using Loop.Actors.RAxis;
using Loop.Actors.Tests.Support;

namespace Loop.Actors.Tests.Loop;

/// <summary>A loop started from what an earlier run left (LoopOptions.Recovery) is in that state before its first tick.</summary>
public sealed class LoopRecoveryTests : LoopTest
{
    private static readonly LoopRecovery Left = new()
    {
        Paused = true,
        Disabled = new HashSet<string> { "off" },
        Parked = new HashSet<string> { "gone" },
        Restarts = new Dictionary<string, long> { ["gone"] = 4, ["a"] = 2 },
        Levels = new Dictionary<string, RAxisLevel> { ["adapter:gone"] = RAxisLevel.Block, ["adapter:a"] = RAxisLevel.Warn, ["loop"] = RAxisLevel.Warn },
    };

    [Fact]
    public async Task Recovered_StateLevelsAndPauseHoldBeforeTheFirstTick()
    {
        var signals = Subscribe(typeof(RAxisSignal));
        var pauses = Subscribe(typeof(LoopPauseChanged));
        var loop = Start(Left);

        var status = await Status(loop);

        Assert.True(status.Paused);
        Assert.Equal(RAxisLevel.Warn, status.RAxisLoop);
        Assert.Equal((AdapterState.Parked, 4L, RAxisLevel.Block), (status.Adapters["gone"].State, status.Adapters["gone"].Restarts, status.Adapters["gone"].RAxis));
        Assert.Equal(AdapterState.Disabled, status.Adapters["off"].State);
        Assert.Equal((2L, RAxisLevel.Warn), (status.Adapters["a"].Restarts, status.Adapters["a"].RAxis));
        var raised = new[] { await signals.ExpectMsgAsync<RAxisSignal>(), await signals.ExpectMsgAsync<RAxisSignal>(), await signals.ExpectMsgAsync<RAxisSignal>() };
        Assert.Equal(["adapter:a=Warn", "adapter:gone=Block", "loop=Warn"], raised.Select(static s => $"{s.Scope}={s.Level}").Order(StringComparer.Ordinal));
        Assert.All(raised, static s => Assert.Contains("journal", s.Reason, StringComparison.Ordinal));
        Assert.True((await pauses.ExpectMsgAsync<LoopPauseChanged>()).Paused);
    }

    [Fact]
    public async Task Recovered_PausedSkipsAll_ResumeCallsOnlyWhatWasRunning_ParkedStaysUntilRestarted()
    {
        var ticks = Subscribe(typeof(TickCompleted));
        var loop = Start(Left);
        await AwaitState(loop, "a", AdapterState.Running);
        await AdvanceAndExpect(ticks, skipped: 3);


        await loop.Ask<LoopSupervisor.ControlReply>(new LoopSupervisor.Resume(), DefaultTimeout);
        await AdvanceAndExpect(ticks, ok: 1, skipped: 2); // a runs; off is disabled; gone is parked

        var revived = await loop.Ask<LoopSupervisor.ControlReply>(new LoopSupervisor.RestartAdapter("gone"), DefaultTimeout);
        Assert.Equal("parked", revived.Result["was"]);
        await AwaitState(loop, "gone", AdapterState.Running);
        Assert.Equal((0L, RAxisLevel.Ok), ((await Status(loop)).Adapters["gone"].Restarts, (await Status(loop)).Adapters["gone"].RAxis));
        await AdvanceAndExpect(ticks, ok: 2, skipped: 1);
    }

    [Fact]
    public async Task RecoveredBlock_AdapterStartsBlocked_FirstTrialAfterTrialEvery()
    {
        var ticks = Subscribe(typeof(TickCompleted));
        var bounds = new RAxisThresholds { TrialEvery = TimeSpan.FromSeconds(1) };
        var loop = Start(new LoopRecovery { Levels = new Dictionary<string, RAxisLevel> { ["adapter:a"] = RAxisLevel.Block } }, bounds);
        await AwaitState(loop, "a", AdapterState.Blocked);
        await AwaitState(loop, "off", AdapterState.Running);
        await AwaitState(loop, "gone", AdapterState.Running);

        var seen = new List<int>();
        for (var i = 0; i < 5; i++)
        {
            Clock.Advance(Tick);
            var tick = await ticks.ExpectMsgAsync<TickCompleted>();
            seen.Add(tick.Ok);
        }

        Assert.Equal([2, 2, 2, 2, 3], seen); // off and gone every tick; a's trial at 1 s, not at once
    }

    [Fact]
    public async Task HandAdapterOver_CarriesDisabledParkedAndRestarts_IntoTheNextLoop()
    {
        var from = Start(Left);
        await AwaitState(from, "a", AdapterState.Running);
        await from.Ask<LoopSupervisor.ControlReply>(new LoopSupervisor.DisableAdapter("gone"), DefaultTimeout); // parked underneath

        var carries = new Dictionary<string, AdapterCarry>();
        foreach (var name in new[] { "a", "off", "gone" })
        {
            var reply = await from.Ask<LoopSupervisor.ControlReply>(new LoopSupervisor.HandAdapterOver(name, "moved"), DefaultTimeout);
            carries[name] = Assert.IsType<AdapterCarry>(reply.Result["carry"]);
        }

        Assert.DoesNotContain((await Status(from)).Adapters.Values, static a => a.State != AdapterState.Removed);
        Assert.Equal(new AdapterCarry(false, false, 2), carries["a"]);
        Assert.Equal(new AdapterCarry(true, false, 0), carries["off"]);
        Assert.Equal(new AdapterCarry(true, true, 4), carries["gone"]);

        // Another node's loop: each comes in as it left, not fresh.
        var to = System.ActorOf(LoopSupervisor.Props(new LoopOptions { TickInterval = Tick, Deadline = TimeSpan.FromMilliseconds(150), Adapters = [] }), "next-loop");
        foreach (var (name, carry) in carries)
        {
            var added = await to.Ask<LoopSupervisor.ControlReply>(new LoopSupervisor.AddAdapter(Adapter(name, AdapterOutcome.Ok), "homed", name == "gone" ? null : carry), DefaultTimeout);
            Assert.True(added.Ok, added.Message);
        }

        // "gone" came in fresh (a sweep started its home first); what it brought arrives just after, and still applies.
        await AwaitState(to, "gone", AdapterState.Running);
        var kept = await to.Ask<LoopSupervisor.ControlReply>(new LoopSupervisor.CarryOver("gone", carries["gone"]), DefaultTimeout);
        Assert.Equal("disabled", kept.Result["state"]);

        await AwaitState(to, "a", AdapterState.Running);
        var status = await Status(to);
        Assert.Equal((AdapterState.Running, 2L), (status.Adapters["a"].State, status.Adapters["a"].Restarts));
        Assert.Equal(AdapterState.Disabled, status.Adapters["off"].State);
        Assert.Equal((AdapterState.Disabled, 4L), (status.Adapters["gone"].State, status.Adapters["gone"].Restarts));
        var enabled = await to.Ask<LoopSupervisor.ControlReply>(new LoopSupervisor.EnableAdapter("gone"), DefaultTimeout);
        Assert.Equal("parked", enabled.Result["state"]); // still out of retries: enabling does not revive it
    }

    private IActorRef Start(LoopRecovery recovery, RAxisThresholds? bounds = null) =>
        System.ActorOf(LoopSupervisor.Props(new LoopOptions
        {
            TickInterval = Tick,
            Deadline = TimeSpan.FromMilliseconds(150),
            Adapters = [Adapter("a", AdapterOutcome.Ok), Adapter("off", AdapterOutcome.Ok), Adapter("gone", AdapterOutcome.Ok)],
            RAxis = bounds ?? new RAxisThresholds(),
            Recovery = recovery,
        }), "loop");

    private Task AwaitState(IActorRef loop, string adapter, AdapterState state) =>
        AwaitAssertAsync(() => Assert.Equal(state, Status(loop).GetAwaiter().GetResult().Adapters[adapter].State));

    private async Task<LoopSupervisor.LoopStatus> Status(IActorRef loop) =>
        await loop.Ask<LoopSupervisor.LoopStatus>(LoopSupervisor.GetStatus.Instance, DefaultTimeout);
}
