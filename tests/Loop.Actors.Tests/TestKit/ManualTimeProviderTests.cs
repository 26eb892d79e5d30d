namespace Loop.Actors.Tests.TestKit;

public sealed class ManualTimeProviderTests
{
    [Fact]
    public void Timer_DueLater_FiresOnlyWhenTheClockGetsThere()
    {
        var clock = new ManualTimeProvider();
        var fired = 0;
        using var timer = clock.CreateTimer(_ => fired++, null, TimeSpan.FromMilliseconds(150), Timeout.InfiniteTimeSpan);

        clock.Advance(TimeSpan.FromMilliseconds(149));
        Assert.Equal(0, fired);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, fired);
    }

    [Fact]
    public void Timer_DueNow_FiresAtCreationLikeARealTimer()
    {
        var clock = new ManualTimeProvider();
        var fired = 0;

        using var timer = clock.CreateTimer(_ => fired++, null, TimeSpan.Zero, Timeout.InfiniteTimeSpan);

        Assert.Equal(1, fired);
    }
}
