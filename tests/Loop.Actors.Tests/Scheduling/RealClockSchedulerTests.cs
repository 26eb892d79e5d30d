using System.Diagnostics;
using Loop.Actors.Tests.Support;

namespace Loop.Actors.Tests.Scheduling;

public sealed class RealClockSchedulerTests : ActorTest
{
    public RealClockSchedulerTests()
        : base(realClock: true)
    {
    }

    [Fact]
    public async Task ScheduleTellOnce_RealClock_NeverEarly()
    {
        var probe = CreateProbe();
        var sent = new List<(Stopwatch Watch, TimeSpan Delay)>();
        for (var i = 1; i <= 10; i++)
        {
            var delay = TimeSpan.FromMilliseconds(10 * i);
            sent.Add((Stopwatch.StartNew(), delay));
            System.Scheduler.ScheduleTellOnce(delay, probe.Ref, i - 1, ActorRefs.NoSender);
        }

        for (var i = 0; i < 10; i++)
        {
            var index = await probe.ExpectMsgAsync<int>();
            var (watch, delay) = sent[index];
            Assert.True(watch.Elapsed >= delay, $"message {index} arrived after {watch.Elapsed.TotalMilliseconds:0.000} ms, before its {delay.TotalMilliseconds} ms delay");
        }
    }

    [Fact]
    public async Task ScheduleTellOnce_HugeDelay_NeverFiresAndSchedulerKeepsWorking()
    {
        var probe = CreateProbe();

        System.Scheduler.ScheduleTellOnce(TimeSpan.MaxValue, probe.Ref, "never", ActorRefs.NoSender);
        System.Scheduler.ScheduleTellRepeatedly(TimeSpan.FromDays(3650), TimeSpan.MaxValue, probe.Ref, "never either", ActorRefs.NoSender);
        System.Scheduler.ScheduleTellOnce(TimeSpan.FromMilliseconds(20), probe.Ref, "soon", ActorRefs.NoSender);

        await probe.ExpectMsgAsync("soon");
        await probe.ExpectNoMsgAsync(Short);
    }
}
