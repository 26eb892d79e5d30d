using Loop.Actors.Tests.Support;

namespace Loop.Actors.Tests.Runtime;

public sealed class SchedulerTests : ActorTest
{
    [Fact]
    public async Task ScheduleTellOnce_BeforeDelay_NothingThenExactlyOnce()
    {
        var probe = CreateProbe();
        System.Scheduler.ScheduleTellOnce(TimeSpan.FromSeconds(5), probe.Ref, "due", ActorRefs.NoSender);

        Clock.Advance(TimeSpan.FromMilliseconds(4999));
        await probe.ExpectNoMsgAsync(Short);
        Clock.Advance(TimeSpan.FromMilliseconds(1));

        await probe.ExpectMsgAsync("due");
        Clock.Advance(TimeSpan.FromMinutes(1));
        await probe.ExpectNoMsgAsync(Short);
    }

    [Fact]
    public async Task ScheduleTellRepeatedly_1000FiringsInLateSteps_DoesNotDrift()
    {
        // The clock moves in 7 ms steps, so every firing is seen up to 7 ms late. A scheduler that
        // computed "next = now + interval" would lose ~3.5 ms per firing: ~17 firings over 1,000.
        // Fixed rate keeps firing n at start + n * 200 ms: exactly 1,000 in 200,004 ms.
        var counter = System.ActorOf(Props.Create(() => new Counter()));
        System.Scheduler.ScheduleTellRepeatedly(TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(200), counter, "tick", ActorRefs.NoSender);

        for (var i = 0; i < 28_572; i++)
        {
            Clock.Advance(TimeSpan.FromMilliseconds(7));
        }

        await TestProbe.AwaitAssertAsync(() => Assert.Equal(1000, Ask(counter)));
        await Task.Delay(Short);
        Assert.Equal(1000, Ask(counter));
    }

    [Fact]
    public async Task ScheduleTellRepeatedly_FallsBehindSeveralIntervals_CoalescesIntoOneSend()
    {
        var probe = CreateProbe();
        System.Scheduler.ScheduleTellRepeatedly(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), probe.Ref, "tick", ActorRefs.NoSender);

        Clock.Advance(TimeSpan.FromSeconds(3.5)); // firings due at 1, 2 and 3 s were missed

        await probe.ExpectMsgAsync("tick");
        await probe.ExpectNoMsgAsync(Short);
        Clock.Advance(TimeSpan.FromSeconds(0.5)); // back on the grid: 4 s
        await probe.ExpectMsgAsync("tick");
    }

    [Fact]
    public async Task ScheduleTellAtFixedRate_AnchoredOnGivenTimestamp()
    {
        var probe = CreateProbe();
        var anchor = Clock.GetTimestamp() + TimeSpan.FromMilliseconds(500).Ticks; // the manual clock counts in TimeSpan ticks
        System.Scheduler.ScheduleTellAtFixedRate(anchor, TimeSpan.FromSeconds(1), probe.Ref, "tick", ActorRefs.NoSender);

        Clock.Advance(TimeSpan.FromMilliseconds(499));
        await probe.ExpectNoMsgAsync(Short);
        Clock.Advance(TimeSpan.FromMilliseconds(1));
        await probe.ExpectMsgAsync("tick");
        Clock.Advance(TimeSpan.FromMilliseconds(999));
        await probe.ExpectNoMsgAsync(Short);
        Clock.Advance(TimeSpan.FromMilliseconds(1));
        await probe.ExpectMsgAsync("tick");
    }

    [Fact]
    public async Task Cancel_RepeatingSchedule_StopsFurtherSends()
    {
        var probe = CreateProbe();
        var handle = System.Scheduler.ScheduleTellRepeatedly(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), probe.Ref, "tick", ActorRefs.NoSender);
        Clock.Advance(TimeSpan.FromSeconds(1));
        await probe.ExpectMsgAsync("tick");

        handle.Cancel();
        Clock.Advance(TimeSpan.FromSeconds(10));

        Assert.True(handle.IsCancellationRequested);
        await probe.ExpectNoMsgAsync(Short);
    }

    [Fact]
    public void ScheduleTellRepeatedly_NonPositiveInterval_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            System.Scheduler.ScheduleTellRepeatedly(TimeSpan.Zero, TimeSpan.Zero, ActorRefs.Nobody, "x", ActorRefs.NoSender));
    }

    private int Ask(IActorRef counter) => counter.Ask<int>("count?", TestKitSettings.DefaultTimeout).GetAwaiter().GetResult();

    private sealed class Counter : ReceiveActor
    {
        private int _count;

        public Counter()
        {
            Receive<string>(s => s == "count?", _ => Sender.Tell(_count, Self));
            Receive<string>(_ => _count++);
        }
    }
}
