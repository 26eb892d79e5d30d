using Loop.Actors.Loop;

namespace Loop.Actors.Tests.Loop;

public sealed class GcPacerTests
{
    private const long MiB = 1 << 20;
    private static readonly TimeSpan LongGap = TimeSpan.FromMilliseconds(190);

    [Fact]
    public void CollectsBetweenTicks_OnceTheNextTickWouldFillTheBudget()
    {
        var gc = new FakeCollector { Bound = 16 * MiB };
        var pacer = new GcPacer(gc);

        var collectedAt = TicksThatCollected(pacer, gc, 1, 40);

        // 1 MiB a tick against 16 MiB: collected when two more ticks would reach it (14 MiB in), and again 14 ticks on.
        Assert.Equal([14, 28], collectedAt);
        Assert.Equal((2L, 0L), (pacer.Paced, pacer.Unpaced));
        Assert.Equal(2, gc.Collections);
    }

    [Fact]
    public void ShortGap_NoCollection_TheRuntimeIsLeftToIt()
    {
        var gc = new FakeCollector { Bound = 4 * MiB };
        var pacer = new GcPacer(gc);

        for (var tick = 1; tick <= 20; tick++)
        {
            gc.Allocate(1 * MiB);
            Assert.False(pacer.AfterTick(GcPacer.MinGap - TimeSpan.FromMilliseconds(1)));
        }

        Assert.Equal(0, gc.Collections);
    }

    [Fact]
    public void TheRuntimesOwnCollection_SetsTheBudget_AndIsCountedAsUnpaced()
    {
        var gc = new FakeCollector { Bound = 16 * MiB };
        var pacer = new GcPacer(gc);
        for (var tick = 1; tick <= 7; tick++)
        {
            gc.Allocate(1 * MiB);
            Assert.False(pacer.AfterTick(LongGap));
        }

        // The runtime collects on its own at 8 MiB (its budget is lower than the bound): 8 MiB is the budget from now on.
        gc.Allocate(1 * MiB);
        gc.RuntimeCollects(sizeBefore: 8 * MiB);
        Assert.False(pacer.AfterTick(LongGap));

        var collectedAt = TicksThatCollected(pacer, gc, 9, 30);

        // Half a tick's bytes counted after the runtime's collection, then 6 MiB more (8 less two ticks' worth);
        // the paced collections that follow do not lower the mark: the same distance each time.
        Assert.Equal([14, 20, 26], collectedAt);
        Assert.Equal((3L, 1L), (pacer.Paced, pacer.Unpaced));
    }

    [Fact]
    public void NotPacing_NeverCollects_ButCountsTheRuntimesCollections()
    {
        var gc = new FakeCollector { Bound = 2 * MiB };
        var pacer = new GcPacer(gc, pace: false);

        for (var tick = 1; tick <= 10; tick++)
        {
            gc.Allocate(1 * MiB);
            if (tick % 2 == 0)
            {
                gc.RuntimeCollects(sizeBefore: 2 * MiB);
            }

            Assert.False(pacer.AfterTick(LongGap));
        }

        Assert.Equal((0L, 5L), (pacer.Paced, pacer.Unpaced));
    }

    [Fact]
    public void ACollectionOfAnOlderGeneration_TeachesNothingOfTheBudget()
    {
        var gc = new FakeCollector { Bound = 16 * MiB };
        var pacer = new GcPacer(gc);
        gc.Allocate(1 * MiB);
        gc.RuntimeCollects(sizeBefore: 0); // a gen1 or gen2 collection (a large allocation): no gen0 size to learn from
        Assert.False(pacer.AfterTick(LongGap));

        var collectedAt = TicksThatCollected(pacer, gc, 2, 20);

        Assert.Equal([15], collectedAt); // still the bound's 16 MiB: 0.5 + 13.5 MiB + two ticks' worth
    }

    [Fact]
    public void ALongPause_NeedsAGapThreeTimesAsLong()
    {
        var clock = new FakeTimeProvider();
        var gc = new FakeCollector { Bound = 2 * MiB, Pause = TimeSpan.FromMilliseconds(40), Clock = clock };
        var pacer = new GcPacer(gc, pauseClock: clock);
        gc.Allocate(2 * MiB);
        Assert.True(pacer.AfterTick(TimeSpan.FromMilliseconds(100))); // the first: 3 x the 10 ms assumed

        gc.Allocate(2 * MiB);
        Assert.False(pacer.AfterTick(TimeSpan.FromMilliseconds(119))); // the pause took 40 ms: less than 120 ms is too short
        Assert.True(pacer.AfterTick(TimeSpan.FromMilliseconds(120)));
    }

    /// <summary>Runs ticks <paramref name="from"/> to <paramref name="to"/>, each allocating 1 MiB, with a long gap after each: the ticks after which the pacer collected.</summary>
    private static List<int> TicksThatCollected(GcPacer pacer, FakeCollector gc, int from, int to)
    {
        var collectedAt = new List<int>();
        for (var tick = from; tick <= to; tick++)
        {
            gc.Allocate(1 * MiB);
            if (pacer.AfterTick(LongGap))
            {
                collectedAt.Add(tick);
            }
        }

        return collectedAt;
    }

    /// <summary>A collector whose allocations and collections the test makes.</summary>
    internal sealed class FakeCollector : IGarbageCollector
    {
        public long Bound { get; init; }

        public TimeSpan Pause { get; init; }

        /// <summary>Gets the clock a collection's pause passes on (none: it takes no time).</summary>
        public FakeTimeProvider? Clock { get; init; }

        public long AllocatedBytes { get; private set; }

        public int Collections { get; private set; }

        public long Gen0BudgetBound => Bound;

        public long LastGen0SizeBefore { get; private set; }

        public void Allocate(long bytes) => AllocatedBytes += bytes;

        public void RuntimeCollects(long sizeBefore)
        {
            Collections++;
            LastGen0SizeBefore = sizeBefore;
        }

        public void CollectGen0()
        {
            Clock?.Advance(Pause);

            Collections++;
            LastGen0SizeBefore = 1; // a paced collection's size: never to be taken for the budget
        }
    }
}
