using Loop.Actors.Adapters;
using Loop.Actors.Loop;
using Loop.Actors.RAxis;
using Loop.Actors.Tests.Support;

namespace Loop.Actors.Tests.Loop;

public sealed class LoopRAxisTests : LoopTest
{
    // Small bounds so a test needs few ticks: WARN at 3 failures in a row, BLOCK below 50% over 2 s with >= 4 calls.
    private static readonly RAxisThresholds Bounds = new()
    {
        BlockWindow = TimeSpan.FromSeconds(2),
        MinCallsForRate = 4,
        TrialEvery = TimeSpan.FromSeconds(1),
        ClearFor = TimeSpan.FromSeconds(1),
    };

    [Fact]
    public async Task FailingAdapter_WarnThenBlock_SkippedButForATrialEverySecond()
    {
        var ticks = Subscribe(typeof(TickCompleted));
        var signals = Subscribe(typeof(RAxisSignal));
        await StartLoop(0, Bounds, Adapter("ok", AdapterOutcome.Ok), Adapter("bad", AdapterOutcome.Error) with { Restart = new RestartPolicy { AfterFailures = 1000 } });

        for (var i = 0; i < 4; i++)
        {
            await AdvanceAndExpect(ticks, ok: 1, error: 1);
        }

        var warn = await signals.ExpectMsgAsync<RAxisSignal>();
        var block = await signals.ExpectMsgAsync<RAxisSignal>();
        Assert.Equal(("adapter:bad", RAxisLevel.Warn, RAxisLevel.Ok), (warn.Scope, warn.Level, warn.Previous));
        Assert.Equal((RAxisLevel.Block, 0.0, 0.5), (block.Level, block.Observed, block.Threshold));

        // Blocked: skipped for the rest of the second, then one trial call, then skipped again.
        var seen = new List<(int Error, int Skipped)>();
        for (var i = 0; i < 5; i++)
        {
            Clock.Advance(Tick);
            var tick = await ticks.ExpectMsgAsync<TickCompleted>();
            seen.Add((tick.Error, tick.Skipped));
        }

        Assert.Equal(1, seen.Count(s => s.Error == 1));
        Assert.Equal(4, seen.Count(s => s.Skipped == 1));
    }

    [Fact]
    public async Task SignalsAndBlockedEvent_CarryTheFailedResultsReasonClass()
    {
        var ticks = Subscribe(typeof(TickCompleted));
        var signals = Subscribe(typeof(RAxisSignal));
        var changes = Subscribe(typeof(AdapterStateChanged));
        var unavailable = Scripted("api", (_, _) => Task.FromResult(new AdapterCallResult(AdapterOutcome.Error, "HTTP 503"))) with { Restart = new RestartPolicy { AfterFailures = 1000 } };
        var loop = await StartLoop(0, Bounds with { AutoClear = false }, unavailable);
        for (var i = 0; i < 4; i++)
        {
            await AdvanceAndExpect(ticks, error: 1);
        }

        var warn = await signals.ExpectMsgAsync<RAxisSignal>();
        var block = await signals.ExpectMsgAsync<RAxisSignal>();
        var blocked = await changes.FishForMessageAsync<AdapterStateChanged>(m => m.Event == "blocked");
        Assert.Equal((RAxisLevel.Warn, "status_503"), (warn.Level, warn.ReasonClass));
        Assert.Equal((RAxisLevel.Block, "status_503"), (block.Level, block.ReasonClass));
        Assert.Equal("status_503", blocked.ReasonClass);

        // A fall has no failure behind it: no class.
        var acked = await loop.Ask<LoopSupervisor.ControlReply>(new LoopSupervisor.AckBlock("adapter:api"), DefaultTimeout);
        Assert.True(acked.Ok, acked.Message);
        var lowered = await signals.ExpectMsgAsync<RAxisSignal>();
        var unblocked = await changes.FishForMessageAsync<AdapterStateChanged>(m => m.Event == "unblocked");
        Assert.Equal((RAxisLevel.Ok, null), (lowered.Level, lowered.ReasonClass));
        Assert.Null(unblocked.ReasonClass);
    }

    [Fact]
    public async Task AckBlock_LowersTheBlockAndTheAdapterIsCalledAgain()
    {
        var ticks = Subscribe(typeof(TickCompleted));
        var signals = Subscribe(typeof(RAxisSignal));
        var loop = await StartLoop(0, Bounds with { AutoClear = false }, Adapter("bad", AdapterOutcome.Error) with { Restart = new RestartPolicy { AfterFailures = 1000 } });
        for (var i = 0; i < 4; i++)
        {
            await AdvanceAndExpect(ticks, error: 1);
        }

        await signals.FishForMessageAsync(m => m is RAxisSignal { Level: RAxisLevel.Block });

        var notBlocked = await loop.Ask<LoopSupervisor.ControlReply>(new LoopSupervisor.AckBlock("loop"), DefaultTimeout);
        var acked = await loop.Ask<LoopSupervisor.ControlReply>(new LoopSupervisor.AckBlock("adapter:bad"), DefaultTimeout);

        Assert.Equal(("no_block", "no BLOCK on scope loop"), (notBlocked.ErrorCode, notBlocked.Message));
        Assert.True(acked.Ok, acked.Message);
        var lowered = await signals.ExpectMsgAsync<RAxisSignal>();
        Assert.Equal((RAxisLevel.Ok, "acknowledged by an operator"), (lowered.Level, lowered.Reason));
        await AdvanceAndExpect(ticks, error: 1); // called again at once, not a trial
    }

    [Fact]
    public async Task RemovingAnAdapterAboveOk_WithdrawsItsSignal()
    {
        // A removed adapter's BLOCK used to stay active: its alert was posted again every minute, and the level
        // gauge and the web view's R-Axis card kept it, until the engine restarted.
        var ticks = Subscribe(typeof(TickCompleted));
        var signals = Subscribe(typeof(RAxisSignal));
        var loop = await StartLoop(0, Bounds with { AutoClear = false }, Adapter("ok", AdapterOutcome.Ok), Adapter("bad", AdapterOutcome.Error) with { Restart = new RestartPolicy { AfterFailures = 1000 } });
        for (var i = 0; i < 4; i++)
        {
            await AdvanceAndExpect(ticks, ok: 1, error: 1);
        }

        await signals.FishForMessageAsync(m => m is RAxisSignal { Level: RAxisLevel.Block });
        var removed = await loop.Ask<LoopSupervisor.ControlReply>(new LoopSupervisor.RemoveAdapter("bad", "removed by an operator"), DefaultTimeout);
        Assert.True(removed.Ok, removed.Message);

        var withdrawn = await signals.ExpectMsgAsync<RAxisSignal>();
        Assert.Equal(("adapter:bad", RAxisLevel.Ok, RAxisLevel.Block, true), (withdrawn.Scope, withdrawn.Level, withdrawn.Previous, withdrawn.Withdrawn));
        Assert.Equal("adapter removed: removed by an operator", withdrawn.Reason);

        // A healthy adapter's removal says nothing: there was no signal to withdraw.
        var removedOk = await loop.Ask<LoopSupervisor.ControlReply>(new LoopSupervisor.RemoveAdapter("ok", "removed by an operator"), DefaultTimeout);
        Assert.True(removedOk.Ok, removedOk.Message);
        await signals.ExpectNoMsgAsync(Short);
    }

    [Fact]
    public async Task HealthyAdapters_NoSignalAtAll()
    {
        var ticks = Subscribe(typeof(TickCompleted));
        var signals = Subscribe(typeof(RAxisSignal));
        await StartLoop(0, Bounds, Adapter("a", AdapterOutcome.Ok), Adapter("b", AdapterOutcome.Ok));

        for (var i = 0; i < 30; i++)
        {
            await AdvanceAndExpect(ticks, ok: 2);
        }

        await signals.ExpectNoMsgAsync(Short);
    }

    [Fact]
    public async Task SlowLoop_BlockPausesTheAdapters_TrialTicksHoldItWhileSlow_ResumesOnceTrialsAreFast()
    {
        var ticks = Subscribe(typeof(TickCompleted));
        var pauses = Subscribe(typeof(LoopPauseChanged));
        var bounds = Bounds with { WarnLatencyMs = 100, WarnFor = TimeSpan.FromSeconds(1), BlockLatencyMs = 140, BlockFor = TimeSpan.FromSeconds(2), BlockSuccessRate = 0 }; // the loop scope under test, not the adapter's
        var slow = new System.Runtime.CompilerServices.StrongBox<bool>(true);
        var slowCall = ScriptedAdapter.SlowOn(Clock, TimeSpan.FromMilliseconds(145));
        Func<long, CancellationToken, Task<AdapterCallResult>> script = (tick, token) => Volatile.Read(ref slow.Value) ? slowCall(tick, token) : Task.FromResult(AdapterCallResult.Ok);

        // A slow call answers (timeout) after 145 ms on the test's clock, just before the tick's deadline
        // (150 ms), so the tick ends on the adapter's answer and it is free before the next tick comes.
        await StartLoop(0, bounds, Scripted("slow", script, ticks) with { Restart = new RestartPolicy { AfterFailures = 1000 } });

        var seen = new List<TickCompleted>();
        var sinceDue = TimeSpan.Zero;
        async Task RunTicks(int count)
        {
            for (var n = 0; n < count; n++)
            {
                Clock.Advance(Tick - sinceDue);                   // the next tick is due
                sinceDue = TimeSpan.Zero;

                // A slow call takes 145 ms of the clock: move it there once the adapter has the call. A
                // paused tick, or a fast call, ends without the clock moving.
                var first = await ticks.ExpectMsgAsync<object>(m => m is ScriptedAdapter.Called or TickCompleted);
                if (first is ScriptedAdapter.Called)
                {
                    if (Volatile.Read(ref slow.Value))
                    {
                        sinceDue = TimeSpan.FromMilliseconds(145);
                        Clock.Advance(sinceDue);
                    }

                    first = await ticks.ExpectMsgAsync<TickCompleted>();
                }

                seen.Add((TickCompleted)first);
            }
        }

        string Trace() => string.Join(",", seen.Select(t => $"{t.Tick}:{t.LatencyMs}:{t.Timeout}:{t.Ok}:{t.Skipped}:{t.RAxisLoop}"));

        await RunTicks(40); // 8 s, slow all along
        var levels = seen.Select(t => t.RAxisLoop).ToList();
        var blockAt = levels.IndexOf(RAxisLevel.Block);
        Assert.True(levels.IndexOf(RAxisLevel.Warn) is >= 0 and var warnAt && warnAt < blockAt, Trace());
        Assert.True((await pauses.ExpectMsgAsync<LoopPauseChanged>()).Paused);
        Assert.Equal(1, seen[blockAt + 1].Skipped);              // paused: the adapter is not called
        var whilePaused = seen.Skip(blockAt + 1).ToList();

        // Paused ticks (fast, nothing called) never clear it: only the trial ticks, one a second, measure,
        // and while the loop is slow they keep it at BLOCK. No flapping between pause and resume.
        Assert.All(whilePaused, t => Assert.Equal(RAxisLevel.Block, t.RAxisLoop));
        Assert.InRange(whilePaused.Count(static t => t.Timeout == 1), 4, 6);
        await pauses.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(200));

        // Fast again: trial ticks succeed for clear_for (1 s), the BLOCK falls and the loop resumes.
        Volatile.Write(ref slow.Value, false);
        var fastFrom = seen.Count;
        await RunTicks(20);
        Assert.False((await pauses.ExpectMsgAsync<LoopPauseChanged>()).Paused);
        var resumedAt = seen.FindIndex(fastFrom, t => t.RAxisLoop == RAxisLevel.Ok);
        Assert.True(resumedAt > fastFrom, Trace());
        Assert.All(seen.Skip(resumedAt + 1), t => Assert.Equal(1, t.Ok));
    }
}
