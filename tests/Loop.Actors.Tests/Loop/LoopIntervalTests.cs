using Loop.Actors.Adapters;
using Loop.Actors.Loop;
using Loop.Actors.RAxis;
using Loop.Actors.Tests.Support;

namespace Loop.Actors.Tests.Loop;

/// <summary>Per-adapter intervals (every, every_failing) on a manual clock: which ticks call which adapter.</summary>
public sealed class LoopIntervalTests : LoopTest
{
    [Fact]
    public async Task Every1s_On200msTicks_CalledOnEveryFifthTickOnly()
    {
        var ticks = Subscribe(typeof(TickCompleted));
        var calls = CreateProbe();
        await StartLoop(0, Adapter("fast", AdapterOutcome.Ok), Scripted("slow", ScriptedAdapter.Always(AdapterOutcome.Ok), calls) with { Every = TimeSpan.FromSeconds(1) });

        var seen = new List<(long Tick, int Ok, int Due, int Ran, int Adapters)>();
        for (var i = 0; i < 15; i++)
        {
            Clock.Advance(Tick);
            var tick = await ticks.ExpectMsgAsync<TickCompleted>();
            seen.Add((tick.Tick, tick.Ok, tick.AdaptersDue, tick.AdaptersRan, tick.Adapters));
        }

        var slowTicks = seen.Where(static t => t.Ok == 2).Select(static t => t.Tick).ToList();
        Assert.Equal(3, slowTicks.Count);
        Assert.Equal([5, 5], slowTicks.Zip(slowTicks.Skip(1), static (a, b) => b - a));
        Assert.All(seen, t => Assert.Equal(t.Ok == 2 ? (2, 2) : (1, 1), (t.Due, t.Ran))); // not due is neither called nor skipped
        Assert.All(seen, static t => Assert.Equal(2, t.Adapters));
        Assert.Equal(slowTicks, (await calls.ReceiveNAsync(3).ToListAsync()).Cast<ScriptedAdapter.Called>().Select(static c => c.Tick));
    }

    [Fact]
    public async Task EveryFailing_WhileNotOkItsFasterInterval_BackToTheSlowerOneAfterRecovery()
    {
        var ticks = Subscribe(typeof(TickCompleted));
        var signals = Subscribe(typeof(RAxisSignal));
        var failing = true;
        var adapter = Scripted("flaky", (_, _) => Task.FromResult(Volatile.Read(ref failing) ? new AdapterCallResult(AdapterOutcome.Error, "down") : AdapterCallResult.Ok)) with
        {
            Every = TimeSpan.FromSeconds(1),
            EveryFailing = Tick,
            Restart = new RestartPolicy { AfterFailures = 1000, RandomFactor = 0 },
        };
        // WARN from three failures in a row only (the rate windows would hold it for minutes), cleared after 1 s of ok calls
        var bounds = new RAxisThresholds { ClearFor = TimeSpan.FromSeconds(1), WarnSuccessRate = 0, BlockSuccessRate = 0, MinCallsForRate = 1 };
        await StartLoop(0, bounds, adapter);

        async Task<List<bool>> Called(int count)
        {
            var called = new List<bool>();
            for (var i = 0; i < count; i++)
            {
                Clock.Advance(Tick);
                var tick = await ticks.ExpectMsgAsync<TickCompleted>();
                called.Add(tick.AdaptersRan == 1);
            }

            return called;
        }

        // OK and failing: every 5th tick, until the third failure in a row raises WARN
        var callTicks = new List<long>();
        for (var i = 0; i < 20 && !signals.HasMessages; i++)
        {
            Clock.Advance(Tick);
            var tick = await ticks.ExpectMsgAsync<TickCompleted>();
            if (tick.AdaptersRan == 1)
            {
                callTicks.Add(tick.Tick);
            }
        }

        var warn = await signals.ExpectMsgAsync<RAxisSignal>();
        Assert.Equal(RAxisLevel.Warn, warn.Level);
        Assert.Equal(3, callTicks.Count);
        Assert.Equal([5, 5], callTicks.Zip(callTicks.Skip(1), static (a, b) => b - a));

        // WARN: every tick
        var whileFailing = await Called(5);
        Assert.All(whileFailing, Assert.True);

        // recovered: still every tick while WARN clears (1 s of ok evidence), then back to every 5th tick
        Volatile.Write(ref failing, false);
        var clearing = new List<bool>();
        for (var i = 0; i < 20 && !signals.HasMessages; i++)
        {
            clearing.AddRange(await Called(1));
        }

        Assert.All(clearing, Assert.True);
        var ok = await signals.ExpectMsgAsync<RAxisSignal>();
        Assert.Equal((RAxisLevel.Ok, RAxisLevel.Warn), (ok.Level, ok.Previous));
        var after = await Called(20);
        Assert.InRange(after.Count(static c => c), 4, 5); // the slower interval again (the first tick may still be the last fast one)
        Assert.True(after.Skip(1).Count(static c => c) <= 4);
    }

    [Fact]
    public async Task TenThousandAdaptersEvery10s_EachTickCallsAFiftiethOfThem()
    {
        // 10,000 adapters at every: 10s on 200 ms ticks: 50 ticks to a period, 200 calls on each, not 10,000 on one
        var ticks = Subscribe(typeof(TickCompleted));
        var adapters = Enumerable.Range(0, 10_000).Select(i => Adapter("a" + i, AdapterOutcome.Ok) with { Every = TimeSpan.FromSeconds(10) }).ToArray();
        await StartLoop(0, adapters);

        var ran = new List<int>();
        for (var i = 0; i < 50; i++)
        {
            Clock.Advance(Tick);
            ran.Add((await ticks.ExpectMsgAsync<TickCompleted>(TimeSpan.FromSeconds(30))).AdaptersRan);
        }

        Assert.All(ran, r => Assert.InRange(r, 180, 220));
        Assert.Equal(10_000, ran.Sum());
    }

    [Fact]
    public void PhaseTable_SharedPeriod_EvenSpreadWhateverTheNames()
    {
        var table = new PhaseTable();

        var phases = Enumerable.Range(0, 1_000).Select(i => table.Assign("probe-" + i, 50)).ToList();

        Assert.All(phases.GroupBy(static p => p), static g => Assert.Equal(20, g.Count()));
        Assert.Equal(new PhaseTable().Assign("probe-0", 50), phases[0]); // stable: the same name, the same tick
    }
}
