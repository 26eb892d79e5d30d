using Loop.Actors.Tests.Support;

namespace Loop.Actors.Tests.Scheduling;

/// <summary>The precise scheduler, as Akka uses it, on a manual clock.</summary>
public sealed class PreciseSchedulerTests : ActorTest
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

        await AwaitAssertAsync(() => Assert.Equal(1000, Ask(counter)));
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
    public async Task ScheduleTellRepeatedly_FirstAfterInitialDelayThenEveryInterval()
    {
        var probe = CreateProbe();
        System.Scheduler.ScheduleTellRepeatedly(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1), probe.Ref, "tick", ActorRefs.NoSender);

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
    public void ScheduleRepeatedly_1000Firings_NeverEarlyNeverMoreThanOneStepLate()
    {
        // The clock moves in 7 ms steps; firing n must come at the first step at or after start + n * 200 ms:
        // never before it (early), never a step after it (late or drifting).
        var start = Clock.GetUtcNow();
        var fired = new List<DateTimeOffset>();
        System.Scheduler.Advanced.ScheduleRepeatedly(TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(200), () => fired.Add(Clock.GetUtcNow()));

        while (fired.Count < 1000)
        {
            Clock.Advance(TimeSpan.FromMilliseconds(7));
        }

        for (var n = 1; n <= fired.Count; n++)
        {
            var late = fired[n - 1] - (start + (TimeSpan.FromMilliseconds(200) * n));
            Assert.InRange(late, TimeSpan.Zero, TimeSpan.FromMilliseconds(6.999));
        }
    }

    [Fact]
    public async Task Timers_PeriodicTimerOfAnActor_RunsOnThisScheduler()
    {
        var probe = CreateProbe();
        System.ActorOf(Props.Create(() => new Ticking(probe.Ref)));
        await probe.ExpectMsgAsync("started");

        Clock.Advance(TimeSpan.FromMilliseconds(199));
        await probe.ExpectNoMsgAsync(Short);
        Clock.Advance(TimeSpan.FromMilliseconds(1));
        await probe.ExpectMsgAsync("tick");
    }

    [Fact]
    public async Task Cancel_RepeatingSchedule_StopsFurtherSends()
    {
        var probe = CreateProbe();
        var handle = System.Scheduler.ScheduleTellRepeatedlyCancelable(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), probe.Ref, "tick", ActorRefs.NoSender);
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

    private int Ask(IActorRef counter) => counter.Ask<int>("count?", DefaultTimeout).GetAwaiter().GetResult();

    private sealed class Ticking : ReceiveActor, IWithTimers
    {
        private readonly IActorRef _probe;

        public Ticking(IActorRef probe)
        {
            _probe = probe;
            Receive<string>(m => probe.Tell(m));
        }

        public ITimerScheduler Timers { get; set; } = null!;

        protected override void PreStart()
        {
            Timers.StartPeriodicTimer("t", "tick", TimeSpan.FromMilliseconds(200));
            _probe.Tell("started"); // after the timer is in: the test moves the clock only then
        }
    }

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
