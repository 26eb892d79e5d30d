using Loop.Actors.Adapters;
using Loop.Actors.Loop;

namespace Loop.Actors.Tests.Support;

/// <summary>A loop on a manual clock with scripted adapters: start it, move the clock a tick, see the tick.</summary>
public abstract class LoopTest : ActorTest
{
    protected static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(200);

    protected async Task AdvanceAndExpect(TestProbe ticks, int ok = 0, int error = 0, int rejected = 0, int skipped = 0)
    {
        Clock.Advance(Tick);
        var tick = await ticks.ExpectMsgAsync<TickCompleted>();
        Assert.Equal((ok, error, rejected, skipped, 0), (tick.Ok, tick.Error, tick.Rejected, tick.Skipped, tick.Timeout));
    }

    protected TestProbe Subscribe(params Type[] types)
    {
        var probe = CreateProbe();
        foreach (var type in types)
        {
            System.EventStream.Subscribe(probe.Ref, type);
        }

        return probe;
    }

    /// <summary>Starts the loop and waits until it has scheduled its ticks (before the test moves the clock).</summary>
    protected Task<IActorRef> StartLoop(long ticks, params AdapterDefinition[] adapters) => StartLoop(ticks, new global::Loop.Actors.RAxis.RAxisThresholds(), adapters);

    protected async Task<IActorRef> StartLoop(long ticks, global::Loop.Actors.RAxis.RAxisThresholds rAxis, params AdapterDefinition[] adapters)
    {
        var loop = System.ActorOf(LoopSupervisor.Props(new LoopOptions
        {
            TickInterval = Tick,
            Deadline = TimeSpan.FromMilliseconds(150),
            Ticks = ticks,
            Adapters = adapters,
            RAxis = rAxis,
        }), "loop");
        await AllRunning(loop);
        return loop;
    }

    /// <summary>Waits until every adapter actor has started and announced itself (ticks before that skip it).</summary>
    protected Task AllRunning(IActorRef loop) => AwaitAssertAsync(() =>
    {
        var status = loop.Ask<LoopSupervisor.LoopStatus>(LoopSupervisor.GetStatus.Instance, DefaultTimeout).GetAwaiter().GetResult();
        Assert.All(status.Adapters.Values, adapter => Assert.Equal(AdapterState.Running, adapter.State));
    });

    protected static AdapterDefinition Adapter(string name, AdapterOutcome outcome) =>
        Scripted(name, ScriptedAdapter.Always(outcome));

    protected static AdapterDefinition Scripted(string name, Func<long, CancellationToken, Task<AdapterCallResult>> script, TestProbe? calls = null) =>
        new(name, "scripted", () => new ScriptedAdapter(script, calls?.Ref), TimeSpan.FromMilliseconds(150), new RestartPolicy { RandomFactor = 0 });
}
