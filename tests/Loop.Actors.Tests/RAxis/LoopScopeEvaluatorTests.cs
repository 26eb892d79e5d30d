using Loop.Actors.RAxis;

namespace Loop.Actors.Tests.RAxis;

public sealed class LoopScopeEvaluatorTests
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(200);
    private readonly LoopScopeEvaluator _loop = new(new RAxisThresholds());
    private TimeSpan _now;

    [Fact]
    public void Latency_Above60ms_WarnExactlyAfterOneMinute()
    {
        var changes = Run(TimeSpan.FromSeconds(60), 70); // ticks at 0 .. 59.8 s
        Assert.Empty(changes);

        var warn = Assert.Single(Run(Tick, 70));

        Assert.Equal((RAxisLevel.Warn, RAxisLevel.Ok, 70.0, 60.0), (warn.Level, warn.Previous, warn.Observed, warn.Threshold));
        Assert.Equal(TimeSpan.FromSeconds(60), _now - Tick);
    }

    [Fact]
    public void Latency_Above80ms_BlockAfter30s_NotBefore()
    {
        Assert.Empty(Run(TimeSpan.FromSeconds(30), 90)); // ticks at 0 .. 29.8 s

        var block = Assert.Single(Run(Tick, 90));

        Assert.Equal((RAxisLevel.Block, RAxisLevel.Ok), (block.Level, block.Previous));
    }

    [Fact]
    public void OneFastTick_RestartsTheCount()
    {
        Run(TimeSpan.FromSeconds(50), 70);
        Run(Tick, 10); // one tick within bounds

        Assert.Empty(Run(TimeSpan.FromSeconds(50), 70));
    }

    [Fact]
    public void Hysteresis_FallsOnlyAfterClearFor_AndABlipInsideClearForRestartsIt()
    {
        Run(TimeSpan.FromSeconds(61), 70);
        Assert.Equal(RAxisLevel.Warn, _loop.Level);

        Assert.Empty(Run(TimeSpan.FromSeconds(20), 10));
        Assert.Empty(Run(Tick, 70));                    // a blip: the clear count starts again
        Assert.Empty(Run(TimeSpan.FromSeconds(29.8), 10));

        var clear = Assert.Single(Run(TimeSpan.FromSeconds(0.4), 10));

        Assert.Equal((RAxisLevel.Ok, RAxisLevel.Warn), (clear.Level, clear.Previous));
    }

    [Fact]
    public void FaultBurst_OneRaiseOneClear_NoFlutter()
    {
        var changes = new List<RAxisChange>();
        changes.AddRange(Run(TimeSpan.FromSeconds(40), 95));      // BLOCK after 30 s
        changes.AddRange(Run(TimeSpan.FromSeconds(120), 20));     // then healthy for 2 minutes

        Assert.Equal([RAxisLevel.Block, RAxisLevel.Ok], changes.Select(c => c.Level));
    }

    [Fact]
    public void WindowInTimeNotTicks_SlowerTickSameMeaning()
    {
        var slow = new LoopScopeEvaluator(new RAxisThresholds());
        var now = TimeSpan.Zero;
        var changes = new List<RAxisChange?>();
        for (var i = 0; i < 61; i++)
        {
            changes.Add(slow.Observe(70, now)); // one tick a second
            now += TimeSpan.FromSeconds(1);
        }

        Assert.Equal(60, changes.FindIndex(c => c is not null)); // the same minute as with 200 ms ticks
    }

    private List<RAxisChange> Run(TimeSpan duration, double latencyMs)
    {
        var changes = new List<RAxisChange>();
        for (var end = _now + duration; _now < end; _now += Tick)
        {
            if (_loop.Observe(latencyMs, _now) is { } change)
            {
                changes.Add(change);
            }
        }

        return changes;
    }
}
