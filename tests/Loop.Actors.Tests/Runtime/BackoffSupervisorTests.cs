using Loop.Actors.Tests.Support;

namespace Loop.Actors.Tests.Runtime;

public sealed class BackoffSupervisorTests : ActorTest
{
    [Theory]
    [InlineData(2, 5, 7, 7)]                 // Akka's vector: capped at max
    [InlineData(2, 5, 7 * 24 * 3600, 20)]    // Akka's vector: 5 s * 2^2
    [InlineData(0, 1, 240, 1)]               // the first restart waits min
    [InlineData(30, 1, 240, 240)]            // far past the cap
    [InlineData(5000, 1, 240, 240)]          // 2^5000 overflows a double: still the cap
    public void CalculateDelay_NoRandomness_MatchesAkka(int restartCount, int minSeconds, int maxSeconds, int expectedSeconds)
    {
        var delay = BackoffSupervisor.CalculateDelay(restartCount, TimeSpan.FromSeconds(minSeconds), TimeSpan.FromSeconds(maxSeconds), 0.0, 2.0, 0.999);

        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), delay);
    }

    [Fact]
    public void CalculateDelay_RandomFactor_AppliedAfterTheCapWithinBounds()
    {
        var low = BackoffSupervisor.CalculateDelay(10, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), 0.2, 2.0, 0.0);
        var high = BackoffSupervisor.CalculateDelay(10, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), 0.2, 2.0, 0.99);

        Assert.Equal(TimeSpan.FromSeconds(60), low);
        Assert.Equal(TimeSpan.FromSeconds(60 * 1.198), high);
    }

    [Fact]
    public async Task OnFailure_ChildCrashes_RestartsOnlyAfterTheDelay()
    {
        var probe = CreateProbe();
        var events = Events();
        var supervisor = System.ActorOf(BackoffSupervisor.Props(Options(probe, minSeconds: 2)), "sup");
        var first = await probe.ExpectMsgAsync<Probed.Hook>(h => h.Name == "PreStart");

        await CrashAsync(supervisor, events);
        await probe.ExpectMsgAsync<Probed.Hook>(h => h.Name == "PostStop" && h.Instance == first.Instance);

        Clock.Advance(TimeSpan.FromMilliseconds(1999));
        await probe.ExpectNoMsgAsync(Short);
        Clock.Advance(TimeSpan.FromMilliseconds(1));

        var second = await probe.ExpectMsgAsync<Probed.Hook>(h => h.Name == "PreStart");
        Assert.NotEqual(first.Instance, second.Instance);
        Assert.Equal("child", second.Actor);
    }

    [Fact]
    public async Task OnFailure_RepeatedCrashes_DelaysGrowFromMinToMax()
    {
        var probe = CreateProbe();
        var events = CreateProbe();
        System.EventStream.Subscribe(events.Ref, typeof(BackoffRestartScheduled));
        var supervisor = System.ActorOf(BackoffSupervisor.Props(Options(probe, minSeconds: 1, maxSeconds: 5)), "sup");
        await probe.ExpectMsgAsync<Probed.Hook>(h => h.Name == "PreStart");

        var delays = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            supervisor.Tell(new Probed.Fail(new InvalidOperationException("crash " + i)), ActorRefs.NoSender);
            var scheduled = await events.ExpectMsgAsync<BackoffRestartScheduled>();
            Assert.Equal(i + 1, scheduled.Attempt);
            Assert.Equal("crash " + i, scheduled.Reason?.Message);
            delays.Add(scheduled.Delay.TotalSeconds);
            Clock.Advance(scheduled.Delay);
            await probe.FishForMessageAsync(m => m is Probed.Hook { Name: "PreStart" });
        }

        Assert.Equal([1.0, 2.0, 4.0, 5.0, 5.0], delays);
    }

    [Fact]
    public async Task OnFailure_RandomFactor_DelaysStayWithinBounds()
    {
        var probe = CreateProbe();
        var events = CreateProbe();
        System.EventStream.Subscribe(events.Ref, typeof(BackoffRestartScheduled));
        var random = new Random(42);
        var options = Options(probe, minSeconds: 1, maxSeconds: 8) with { RandomFactor = 0.5, Random = random.NextDouble };
        var supervisor = System.ActorOf(BackoffSupervisor.Props(options), "sup");
        await probe.ExpectMsgAsync<Probed.Hook>(h => h.Name == "PreStart");

        for (var i = 0; i < 6; i++)
        {
            supervisor.Tell(new Probed.Fail(new InvalidOperationException("crash")), ActorRefs.NoSender);
            var delay = (await events.ExpectMsgAsync<BackoffRestartScheduled>()).Delay.TotalSeconds;
            var basis = Math.Min(8, Math.Pow(2, i));
            Assert.InRange(delay, basis, basis * 1.5);
            Clock.Advance(TimeSpan.FromSeconds(delay));
            await probe.FishForMessageAsync(m => m is Probed.Hook { Name: "PreStart" });
        }
    }

    [Fact]
    public async Task OnFailure_ChildRunsStableForResetWindow_RestartCountResets()
    {
        var probe = CreateProbe();
        var events = Events();
        var options = Options(probe, minSeconds: 1, maxSeconds: 60) with { ResetBackoffAfter = TimeSpan.FromSeconds(30) };
        var supervisor = System.ActorOf(BackoffSupervisor.Props(options), "sup");
        await probe.ExpectMsgAsync<Probed.Hook>(h => h.Name == "PreStart");
        for (var i = 0; i < 3; i++)
        {
            Clock.Advance((await CrashAsync(supervisor, events)).Delay);
            await probe.FishForMessageAsync(m => m is Probed.Hook { Name: "PreStart" });
        }

        Assert.Equal(3, (await supervisor.Ask<BackoffSupervisor.RestartCount>(BackoffSupervisor.GetRestartCount.Instance, TestKitSettings.DefaultTimeout)).Count);

        Clock.Advance(TimeSpan.FromSeconds(30));

        await TestProbe.AwaitAssertAsync(() => Assert.Equal(0, RestartCount(supervisor)));
    }

    [Fact]
    public async Task OnFailure_MoreCrashesThanMaxNrOfRetries_SupervisorGivesUpAndStops()
    {
        var probe = CreateProbe();
        var events = CreateProbe();
        System.EventStream.Subscribe(events.Ref, typeof(BackoffGaveUp));
        var options = Options(probe, minSeconds: 1, maxSeconds: 4) with { MaxNrOfRetries = 2 };
        var supervisor = System.ActorOf(BackoffSupervisor.Props(options), "sup");
        await probe.WatchAsync(supervisor);
        await probe.ExpectMsgAsync<Probed.Hook>(h => h.Name == "PreStart");

        var scheduled = Events();
        for (var i = 0; i < 2; i++)
        {
            Clock.Advance((await CrashAsync(supervisor, scheduled)).Delay);
            await probe.FishForMessageAsync(m => m is Probed.Hook { Name: "PreStart" });
        }

        supervisor.Tell(new Probed.Fail(new InvalidOperationException("third")), ActorRefs.NoSender);

        await probe.FishForMessageAsync(m => m is Terminated t && ReferenceEquals(t.ActorRef, supervisor));
        var gaveUp = await events.ExpectMsgAsync<BackoffGaveUp>();
        Assert.Equal(2, gaveUp.Restarts);
        Assert.Equal("third", gaveUp.Reason?.Message);
    }

    [Fact]
    public async Task OnStop_ChildStops_RestartedAfterDelay()
    {
        var probe = CreateProbe();
        var events = Events();
        var options = Options(probe, minSeconds: 3) with { Mode = BackoffMode.OnStop };
        var supervisor = System.ActorOf(BackoffSupervisor.Props(options), "sup");
        await probe.ExpectMsgAsync<Probed.Hook>(h => h.Name == "PreStart");
        var child = (await supervisor.Ask<BackoffSupervisor.CurrentChild>(BackoffSupervisor.GetCurrentChild.Instance, TestKitSettings.DefaultTimeout)).Ref!;

        child.Tell(PoisonPill.Instance, ActorRefs.NoSender);
        await probe.ExpectMsgAsync<Probed.Hook>(h => h.Name == "PostStop");
        var scheduled = await events.ExpectMsgAsync<BackoffRestartScheduled>();
        Assert.Null(scheduled.Reason);
        Assert.Equal(TimeSpan.FromSeconds(3), scheduled.Delay);
        Assert.Null((await supervisor.Ask<BackoffSupervisor.CurrentChild>(BackoffSupervisor.GetCurrentChild.Instance, TestKitSettings.DefaultTimeout)).Ref);

        Clock.Advance(TimeSpan.FromMilliseconds(2999));
        await probe.ExpectNoMsgAsync(Short);
        Clock.Advance(TimeSpan.FromMilliseconds(1));

        await probe.ExpectMsgAsync<Probed.Hook>(h => h.Name == "PreStart");
        Assert.Equal(1, RestartCount(supervisor));
    }

    [Fact]
    public async Task OnFailure_ChildStopsByItself_SupervisorStopsToo()
    {
        var probe = CreateProbe();
        var supervisor = System.ActorOf(BackoffSupervisor.Props(Options(probe, minSeconds: 1)), "sup");
        await probe.WatchAsync(supervisor);
        await probe.ExpectMsgAsync<Probed.Hook>(h => h.Name == "PreStart");
        var child = (await supervisor.Ask<BackoffSupervisor.CurrentChild>(BackoffSupervisor.GetCurrentChild.Instance, TestKitSettings.DefaultTimeout)).Ref!;

        child.Tell(PoisonPill.Instance, ActorRefs.NoSender);

        await probe.FishForMessageAsync(m => m is Terminated t && ReferenceEquals(t.ActorRef, supervisor));
    }

    [Fact]
    public async Task Messages_ChildUp_ForwardedWithSender_ChildDown_DeadLettered()
    {
        var probe = CreateProbe();
        var deadLetters = CreateProbe();
        System.EventStream.Subscribe(deadLetters.Ref, typeof(DeadLetter));
        var supervisor = System.ActorOf(BackoffSupervisor.Props(Options(probe, minSeconds: 10)), "sup");
        await probe.ExpectMsgAsync<Probed.Hook>(h => h.Name == "PreStart");

        probe.Send(supervisor, "state?");
        Assert.Equal("state=0", await probe.ExpectMsgAsync<string>());
        Assert.Equal("child", probe.LastSender.Path.Name);

        supervisor.Tell(new Probed.Fail(new InvalidOperationException("crash")), ActorRefs.NoSender);
        await probe.ExpectMsgAsync<Probed.Hook>(h => h.Name == "PostStop");
        probe.Send(supervisor, "while down");

        var letter = await deadLetters.FishForMessageAsync(m => m is DeadLetter { Message: "while down" });
        Assert.Same(probe.Ref, ((DeadLetter)letter).Sender);
    }

    [Fact]
    public async Task HandlerWhileStopped_ChildDown_ReceivesMessagesWithTheirSender()
    {
        var probe = CreateProbe();
        var handler = CreateProbe();
        var events = Events();
        var supervisor = System.ActorOf(BackoffSupervisor.Props(Options(probe, minSeconds: 10) with { HandlerWhileStopped = handler.Ref }), "sup");
        await probe.ExpectMsgAsync<Probed.Hook>(h => h.Name == "PreStart");

        await CrashAsync(supervisor, events);
        probe.Send(supervisor, "while down");

        Assert.Equal("while down", await handler.ExpectMsgAsync<string>());
        Assert.Same(probe.Ref, handler.LastSender);
    }

    [Fact]
    public async Task Reset_ByHand_SetsRestartCountToZero()
    {
        var probe = CreateProbe();
        var events = Events();
        var supervisor = System.ActorOf(BackoffSupervisor.Props(Options(probe, minSeconds: 1) with { AutoReset = false }), "sup");
        await probe.ExpectMsgAsync<Probed.Hook>(h => h.Name == "PreStart");
        Clock.Advance((await CrashAsync(supervisor, events)).Delay);
        await probe.FishForMessageAsync(m => m is Probed.Hook { Name: "PreStart" });
        Clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(1, RestartCount(supervisor)); // no auto reset

        supervisor.Tell(BackoffSupervisor.Reset.Instance, ActorRefs.NoSender);

        Assert.Equal(0, RestartCount(supervisor));
    }

    [Fact]
    public void Props_InvalidOptions_ListsEveryProblem()
    {
        var options = new BackoffOptions
        {
            ChildProps = Props.Create(() => new Probed(ActorRefs.Nobody)),
            ChildName = "",
            MinBackoff = TimeSpan.Zero,
            MaxBackoff = TimeSpan.FromSeconds(-1),
            RandomFactor = 2,
            Multiplier = 0.5,
            MaxNrOfRetries = -5,
        };

        var error = Assert.Throws<ArgumentException>(() => BackoffSupervisor.Props(options));

        Assert.Equal(
            string.Join(Environment.NewLine,
                "The 'BackoffOptions' are invalid.",
                "ChildName must be a non-empty name.",
                "MinBackoff must be > 0 (got 00:00:00).",
                "MaxBackoff must be >= MinBackoff (got -00:00:01 < 00:00:00).",
                "Multiplier must be a finite number >= 1 (got 0.5).",
                "RandomFactor must be between 0 and 1 (got 2).",
                "MaxNrOfRetries must be -1 (unlimited) or >= 0 (got -5)."),
            error.Message);
    }

    private TestProbe Events()
    {
        var events = CreateProbe();
        System.EventStream.Subscribe(events.Ref, typeof(BackoffRestartScheduled));
        return events;
    }

    /// <summary>Crashes the child and waits until the supervisor has scheduled the restart (before the clock may move).</summary>
    private static async Task<BackoffRestartScheduled> CrashAsync(IActorRef supervisor, TestProbe events, string reason = "crash")
    {
        supervisor.Tell(new Probed.Fail(new InvalidOperationException(reason)), ActorRefs.NoSender);
        return await events.ExpectMsgAsync<BackoffRestartScheduled>();
    }

    private static BackoffOptions Options(TestProbe probe, int minSeconds, int maxSeconds = 60) => new()
    {
        ChildProps = Probed.For(probe.Ref),
        ChildName = "child",
        MinBackoff = TimeSpan.FromSeconds(minSeconds),
        MaxBackoff = TimeSpan.FromSeconds(maxSeconds),
        RandomFactor = 0,
        ResetBackoffAfter = TimeSpan.FromHours(1),
    };

    private static int RestartCount(IActorRef supervisor) =>
        supervisor.Ask<BackoffSupervisor.RestartCount>(BackoffSupervisor.GetRestartCount.Instance, TestKitSettings.DefaultTimeout)
            .GetAwaiter().GetResult().Count;
}
