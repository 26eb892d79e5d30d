using Loop.Actors.Loop;

namespace Loop.Actors.Tests.Loop;

public sealed class SuccessWindowTests
{
    // 30 buckets of 10 timestamp ticks: the window is 300 ticks.
    private static SuccessWindow Window() => new(bucketTicks: 10);

    [Fact]
    public void Record_WithinTheWindow_ShareOfOk()
    {
        var window = Window();

        Assert.Equal(1.0, window.Record(0, ok: true));
        Assert.Equal(0.5, window.Record(15, ok: false));
        Assert.Equal(2.0 / 3, window.Record(299, ok: true));
        Assert.Equal(0.5, window.Record(299, ok: false));
    }

    [Fact]
    public void Record_OldBucketsLeaveTheWindow_TheirCountsGoWithThem()
    {
        var window = Window();
        window.Record(0, ok: false);                 // bucket 0
        window.Record(5, ok: false);                 // bucket 0
        window.Record(100, ok: true);                // bucket 10

        Assert.Equal(1.0, window.Record(300, ok: true));   // bucket 30 replaces bucket 0 (its 2 failures leave): 2 ok of 2
        Assert.Equal(1.0, window.Record(300, ok: true));
        Assert.Equal(0.75, window.Record(399, ok: false)); // buckets 10..39: 3 ok of 4
        Assert.Equal(0.5, window.Record(400, ok: false));  // bucket 40 replaces bucket 10: 2 ok of 4
    }

    [Fact]
    public void Record_AfterAGapLongerThanTheWindow_StartsAfresh()
    {
        var window = Window();
        for (var t = 0; t < 300; t += 3)
        {
            window.Record(t, ok: false);
        }

        Assert.Equal(1.0, window.Record(10_000, ok: true));
        Assert.Equal(0.5, window.Record(10_001, ok: false));
    }
}
