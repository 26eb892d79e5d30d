namespace Loop.Actors.Tests.Support;

/// <summary>A fresh actor system per test, on a manual clock unless a test asks for the real one.</summary>
public abstract class ActorTest : IAsyncLifetime
{
    protected ActorTest(bool realClock = false)
    {
        Clock = new ManualTimeProvider();
        System = ActorSystem.Create(
            GetType().Name,
            new ActorSystemSettings { TimeProvider = realClock ? TimeProvider.System : Clock });
    }

    protected ManualTimeProvider Clock { get; }

    protected ActorSystem System { get; }

    protected static TimeSpan Short => TestKitSettings.Dilated(TimeSpan.FromMilliseconds(150));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await System.Terminate().WaitAsync(TestKitSettings.DefaultTimeout);
    }

    protected TestProbe CreateProbe(string? name = null) => new(System, name);

    /// <summary>Creates <paramref name="child"/> under a parent with <paramref name="strategy"/> (top-level actors are stopped on failure, not restarted).</summary>
    protected async Task<IActorRef> SpawnSupervisedAsync(Props child, string name, TestProbe report, SupervisorStrategy? strategy = null)
    {
        var parent = System.ActorOf(Props.Create(() => new Supervising(strategy ?? SupervisorStrategy.DefaultStrategy, report.Ref)));
        return await parent.Ask<IActorRef>(new Supervising.CreateChild(child, name), TestKitSettings.DefaultTimeout);
    }
}
