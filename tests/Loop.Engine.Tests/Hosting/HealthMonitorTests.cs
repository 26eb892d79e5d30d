using Loop.Engine.Hosting;
using Loop.Engine.Tests.Support;

namespace Loop.Engine.Tests.Hosting;

public sealed class HealthMonitorTests
{
    [Fact]
    public void Healthy_OnlyWhileTicksKeepComing()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var health = new HealthMonitor(clock, TimeSpan.FromMilliseconds(200));

        Assert.False(health.Healthy);                     // before the first tick
        health.TickCompleted();
        Assert.True(health.Healthy);
        clock.Advance(TimeSpan.FromMilliseconds(1000));
        Assert.True(health.Healthy);                      // stalled only after max(3 ticks, 1 s)
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.False(health.Healthy);
        health.TickCompleted();
        Assert.True(health.Healthy);
        health.Finished();
        Assert.False(health.Healthy);                     // the loop ended: no longer ticking
    }
}
