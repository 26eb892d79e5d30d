using Loop.Actors.RAxis;

namespace Loop.Actors.Tests.RAxis;

public sealed class AdapterScopeEvaluatorTests
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(200);
    private TimeSpan _now;

    [Fact]
    public void ThreeConsecutiveFailures_WarnAtOnce()
    {
        var adapter = new AdapterScopeEvaluator(new RAxisThresholds());
        Calls(adapter, 100, ok: true);

        Assert.Null(Call(adapter, false));
        Assert.Null(Call(adapter, false));
        var warn = Call(adapter, false);

        Assert.Equal((RAxisLevel.Warn, 3.0, 3.0), (warn!.Level, warn.Observed, warn.Threshold));
    }

    [Fact]
    public void SuccessRateBelow97Percent_Warn_NoBlockAbove50()
    {
        var adapter = new AdapterScopeEvaluator(new RAxisThresholds { WarnConsecutiveFailures = 1000 });
        var changes = new List<RAxisChange?>();
        for (var i = 0; i < 500; i++)
        {
            changes.Add(Call(adapter, i % 10 != 0)); // 90%
        }

        var warn = Assert.Single(changes.OfType<RAxisChange>());
        Assert.Equal(RAxisLevel.Warn, warn.Level);
        Assert.InRange(warn.Observed, 0.85, 0.97);
    }

    [Fact]
    public void SuccessRateBelow50PercentOverAMinute_Block()
    {
        var adapter = new AdapterScopeEvaluator(new RAxisThresholds());
        Calls(adapter, 300, ok: true);

        var changes = Calls(adapter, 400, ok: false);

        Assert.Equal([RAxisLevel.Warn, RAxisLevel.Block], changes.Select(c => c.Level));
    }

    [Fact]
    public void FewCalls_NoRateVerdict()
    {
        var adapter = new AdapterScopeEvaluator(new RAxisThresholds { WarnConsecutiveFailures = 100 });

        Assert.Null(Call(adapter, false)); // 0% of one call is not a rate
        Assert.Null(Call(adapter, true));
    }

    [Fact]
    public void Parked_BlockAtOnce_ClearsAfterClearForOnceBack()
    {
        var adapter = new AdapterScopeEvaluator(new RAxisThresholds());
        Calls(adapter, 50, ok: true);

        var block = adapter.SetParked(true, _now, restarts: 4, maxRetries: 4);
        Assert.Equal((RAxisLevel.Block, "parked: out of restarts (4 of 4)", 4.0, 4.0), (block!.Level, block.Reason, block.Observed, block.Threshold));

        Assert.Null(adapter.SetParked(false, _now));
        Assert.Empty(Calls(adapter, 100, ok: true)); // 20 s: not clear long enough
        var clear = Assert.Single(Calls(adapter, 60, ok: true));
        Assert.Equal(RAxisLevel.Ok, clear.Level);
    }

    [Fact]
    public void AutoClearOff_BlockStaysUntilAcknowledged()
    {
        var adapter = new AdapterScopeEvaluator(new RAxisThresholds { AutoClear = false });
        adapter.SetParked(true, _now);
        adapter.SetParked(false, _now);

        Assert.Empty(Calls(adapter, 1000, ok: true));
        Assert.Equal(RAxisLevel.Block, adapter.Level);

        adapter.Acknowledge();
        Assert.Equal(RAxisLevel.Ok, adapter.Level);
        Assert.Empty(Calls(adapter, 10, ok: true));
    }

    [Fact]
    public void FaultBurst_OneRaiseOneClear()
    {
        var adapter = new AdapterScopeEvaluator(new RAxisThresholds { WarnWindow = TimeSpan.FromSeconds(30) });
        var changes = new List<RAxisChange>();
        changes.AddRange(Calls(adapter, 300, ok: true));
        changes.AddRange(Calls(adapter, 5, ok: false));      // the burst: 3 in a row warns
        changes.AddRange(Calls(adapter, 1000, ok: true));    // the window forgets it, then clear_for passes

        Assert.Equal([RAxisLevel.Warn, RAxisLevel.Ok], changes.Select(c => c.Level));
    }

    [Fact]
    public void Blocked_OnlyFailingTrialCallsInAThinWindow_BlockHolds_FallsOnceTrialsSucceedForClearFor()
    {
        // The issue 12 flap: a 2 s block window, and while blocked only one trial call a second lands in it
        // (< 10 calls): too little data must not read as clear.
        var bounds = new RAxisThresholds { BlockWindow = TimeSpan.FromSeconds(2), WarnWindow = TimeSpan.FromSeconds(2), ClearFor = TimeSpan.FromSeconds(5) };
        var adapter = new AdapterScopeEvaluator(bounds);
        Assert.Contains(Calls(adapter, 20, ok: false), c => c.Level == RAxisLevel.Block);

        var whileFailing = Trials(adapter, 120, ok: false); // two minutes of failing trial calls
        Assert.Empty(whileFailing);
        Assert.Equal(RAxisLevel.Block, adapter.Level);

        var recovering = Trials(adapter, 4, ok: true);      // 4 s of good trials: not yet clear_for
        Assert.Empty(recovering);
        Assert.Empty(Trials(adapter, 1, ok: false));        // one failure starts clear_for again
        Assert.Empty(Trials(adapter, 5, ok: true));
        var clear = Assert.Single(Trials(adapter, 2, ok: true));
        Assert.Equal(RAxisLevel.Block, clear.Previous);
        Assert.True(clear.Level < RAxisLevel.Block);
    }

    [Fact]
    public void Warn_TooFewCallsInTheWindow_NeverClears()
    {
        var adapter = new AdapterScopeEvaluator(new RAxisThresholds { WarnWindow = TimeSpan.FromSeconds(10), ClearFor = TimeSpan.FromSeconds(5) });
        Assert.Equal(RAxisLevel.Warn, Assert.Single(Calls(adapter, 3, ok: false)).Level);

        // One successful call every 2 s: at most 5 in the 10 s window, under the 10 a rate needs.
        Assert.Empty(Enumerable.Range(0, 60).Select(_ => Spaced(adapter, ok: true, TimeSpan.FromSeconds(2))).OfType<RAxisChange>());
        Assert.Equal(RAxisLevel.Warn, adapter.Level);

        Assert.Single(Calls(adapter, 100, ok: true)); // a full window of good calls, then clear_for: OK
        Assert.Equal(RAxisLevel.Ok, adapter.Level);
    }

    [Theory]
    [InlineData(0.97, 34)]
    [InlineData(0.5, 10)]
    [InlineData(0.99, 100)]
    [InlineData(0.95, 20)]
    public void MinCallsFor_EnoughThatOneFailureCannotCrossTheBound(double bound, int calls)
    {
        var thresholds = new RAxisThresholds();

        Assert.Equal(calls, thresholds.MinCallsFor(bound));
        Assert.True((calls - 1.0) / calls >= bound || calls == thresholds.MinCallsForRate);
    }

    [Fact]
    public void OneEarlyFailure_IsNoRate_NoWarn()
    {
        var adapter = new AdapterScopeEvaluator(new RAxisThresholds());

        Assert.Empty(Calls(adapter, 5, ok: true));
        Assert.Null(Call(adapter, false));               // 1 of 6: noise, not a rate below 97%
        Assert.Empty(Calls(adapter, 200, ok: true));
        Assert.Equal(RAxisLevel.Ok, adapter.Level);
    }

    private List<RAxisChange> Trials(AdapterScopeEvaluator adapter, int count, bool ok) =>
        Enumerable.Range(0, count).Select(_ => Spaced(adapter, ok, TimeSpan.FromSeconds(1))).OfType<RAxisChange>().ToList();

    private RAxisChange? Spaced(AdapterScopeEvaluator adapter, bool ok, TimeSpan every)
    {
        var change = adapter.Observe(ok, _now);
        _now += every;
        return change;
    }

    private RAxisChange? Call(AdapterScopeEvaluator adapter, bool ok)
    {
        var change = adapter.Observe(ok, _now);
        _now += Tick;
        return change;
    }

    private List<RAxisChange> Calls(AdapterScopeEvaluator adapter, int count, bool ok) =>
        Enumerable.Range(0, count).Select(_ => Call(adapter, ok)).OfType<RAxisChange>().ToList();
}
