using Loop.Actors.Adapters;
using Loop.Actors.Cluster;
using Loop.Actors.Loop;
using Loop.Actors.Tests.Support;

namespace Loop.Actors.Tests.Cluster;

/// <summary>Which state an adapter's home gives its loop: a handover's always, the ledger's only when it knows none fresher.</summary>
public sealed class AdapterHomeTests : ActorTest
{
    private static readonly AdapterCarry Disabled = new(true, false, 0);
    private readonly Dictionary<string, AdapterDefinition> _catalog = new(StringComparer.Ordinal)
    {
        ["a"] = new("a", "scripted", () => new ScriptedAdapter(ScriptedAdapter.Always(AdapterOutcome.Ok)), TimeSpan.FromMilliseconds(150), new RestartPolicy()),
    };

    [Fact]
    public void StartedWithTheLedgersState_AddedSo_ALaterLedgerAnswerIsNotTaken()
    {
        var loop = CreateProbe();
        var home = Sys.ActorOf(AdapterHome.Props("a", _catalog, loop));

        home.Tell(new HomeAdapter("a", Disabled, CarrySource.Ledger));
        Assert.Equal(Disabled, loop.ExpectMsg<LoopSupervisor.AddAdapter>().Carry);
        home.Tell(new HomeAdapter("a", null, CarrySource.Ledger));
        home.Tell(new HomeAdapter("a", new AdapterCarry(false, true, 9), CarrySource.Ledger)); // older than what the loop does now

        loop.ExpectNoMsg(Short);
    }

    [Fact]
    public void StartedWithoutState_TheNextLedgerAnswerIsTaken_OnlyThatOne()
    {
        var loop = CreateProbe();
        var home = Sys.ActorOf(AdapterHome.Props("a", _catalog, loop));

        home.Tell(new HomeAdapter("a", null, CarrySource.None)); // the ledger did not answer the sweep
        Assert.Null(loop.ExpectMsg<LoopSupervisor.AddAdapter>().Carry);
        home.Tell(new HomeAdapter("a", Disabled, CarrySource.Ledger));
        Assert.Equal(new LoopSupervisor.CarryOver("a", Disabled), loop.ExpectMsg<LoopSupervisor.CarryOver>());
        home.Tell(new HomeAdapter("a", AdapterCarry.None with { Restarts = 1 }, CarrySource.Ledger));

        loop.ExpectNoMsg(Short);
    }

    [Fact]
    public void AHandoversState_AlwaysTaken()
    {
        var loop = CreateProbe();
        var home = Sys.ActorOf(AdapterHome.Props("a", _catalog, loop));

        home.Tell(new HomeAdapter("a", null, CarrySource.Ledger)); // a sweep came first
        loop.ExpectMsg<LoopSupervisor.AddAdapter>();
        home.Tell(new HomeAdapter("a", Disabled, CarrySource.Handover));

        Assert.Equal(new LoopSupervisor.CarryOver("a", Disabled), loop.ExpectMsg<LoopSupervisor.CarryOver>());
    }
}
