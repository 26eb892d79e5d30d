using System.Globalization;

namespace Loop.Benchmarks.Load;

/// <summary>Collections per generation and total GC pause, to tell what a measured window paid the GC.</summary>
public readonly record struct GcCounts(int Gen0, int Gen1, int Gen2, TimeSpan Pause, long Allocated)
{
    public static GcCounts Now() => new(GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration(), GC.GetTotalAllocatedBytes());

    public static GcCounts operator -(GcCounts after, GcCounts before) =>
        new(after.Gen0 - before.Gen0, after.Gen1 - before.Gen1, after.Gen2 - before.Gen2, after.Pause - before.Pause, after.Allocated - before.Allocated);

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"gc: {Gen0} gen0, {Gen1} gen1, {Gen2} gen2 collections; paused {Pause.TotalMilliseconds:0.0} ms in all; {Allocated / 1048576.0:0.0} MB allocated");
}
