using Loop.Actors.RAxis;

namespace Loop.Actors.Tests.RAxis;

public sealed class TimeWindowRateTests
{
    // 30 buckets of 10 ms: the window is 300 ms.
    private static TimeWindowRate Window() => new(TimeSpan.FromMilliseconds(300));

    [Fact]
    public void Record_WithinTheWindow_ShareOfOk()
    {
        var window = Window();

        Assert.Equal(1.0, Record(window, 0, ok: true));
        Assert.Equal(0.5, Record(window, 15, ok: false));
        Assert.Equal(2.0 / 3, Record(window, 299, ok: true));
        Assert.Equal(0.5, Record(window, 299, ok: false));
    }

    [Fact]
    public void Record_OldBucketsLeaveTheWindow_TheirCountsGoWithThem()
    {
        var window = Window();
        Record(window, 0, ok: false);                 // bucket 0
        Record(window, 5, ok: false);                 // bucket 0
        Record(window, 100, ok: true);                // bucket 10

        Assert.Equal(1.0, Record(window, 300, ok: true));   // bucket 30 replaces bucket 0 (its 2 failures leave): 2 ok of 2
        Assert.Equal(1.0, Record(window, 300, ok: true));
        Assert.Equal(0.75, Record(window, 399, ok: false)); // buckets 10..39: 3 ok of 4
        Assert.Equal(0.5, Record(window, 400, ok: false));  // bucket 40 replaces bucket 10: 2 ok of 4
    }

    [Fact]
    public void Record_AfterAGapLongerThanTheWindow_StartsAfresh()
    {
        var window = Window();
        for (var t = 0; t < 300; t += 3)
        {
            Record(window, t, ok: false);
        }

        Assert.Equal(1.0, Record(window, 10_000, ok: true));
        Assert.Equal(0.5, Record(window, 10_001, ok: false));
    }

    private static double Record(TimeWindowRate window, int ms, bool ok)
    {
        window.Record(TimeSpan.FromMilliseconds(ms), ok);
        return window.Rate;
    }
}
