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

    [Fact]
    public void StartedRemoved_KeptOutOfTheLoop_ACommandForItDoesNotBringItBack()
    {
        var loop = CreateProbe();
        var home = Sys.ActorOf(AdapterHome.Props("a", _catalog, loop));

        home.Tell(new HomeAdapter("a", AdapterCarry.RemovedByOperator, CarrySource.Ledger)); // removed on a node that died since

        loop.ExpectNoMsg(Short);
        home.Tell(new RouteToAdapter("a", new LoopSupervisor.EnableAdapter("a")));
        loop.ExpectMsg<LoopSupervisor.EnableAdapter>(); // to the loop, which does not have it: unknown_adapter, as on one engine
        loop.ExpectNoMsg(Short);
    }

    [Fact]
    public void StartedFresh_TheLedgerKeepsItRemoved_TakenOut()
    {
        var loop = CreateProbe();
        var home = Sys.ActorOf(AdapterHome.Props("a", _catalog, loop));

        home.Tell(new HomeAdapter("a", null, CarrySource.None)); // the ledger did not answer the sweep
        loop.ExpectMsg<LoopSupervisor.AddAdapter>();
        home.Tell(new HomeAdapter("a", AdapterCarry.RemovedByOperator, CarrySource.Ledger));

        Assert.Equal(new LoopSupervisor.RemoveAdapter("a", AdapterHome.KeptRemovedReason), loop.ExpectMsg<LoopSupervisor.RemoveAdapter>());
    }

    [Fact]
    public void AddedFromSpec_ReadByThisNode_TheLoopsAnswerToTheSender()
    {
        var loop = CreateProbe();
        var read = (string json) => json == "{\"name\":\"extra\"}" ? _catalog["a"] with { Name = "extra" } : throw new FormatException("not that one");
        var home = Sys.ActorOf(AdapterHome.Props("extra", _catalog, loop, read));

        home.Tell(new AddAdapterFromSpec("extra", "{\"name\":\"extra\"}"), TestActor);
        Assert.Equal("extra", loop.ExpectMsg<LoopSupervisor.AddAdapter>().Definition.Name);
        loop.Reply(LoopSupervisor.ControlReply.Done(("adapter", "extra")));

        Assert.True(ExpectMsg<LoopSupervisor.ControlReply>().Ok);
        home.Tell(new AddAdapterFromSpec("extra", "{\"name\":\"other\"}"), TestActor);
        Assert.Equal("invalid_args", ExpectMsg<LoopSupervisor.ControlReply>().ErrorCode); // this node cannot read it: said, not thrown
    }

    [Fact]
    public void ANameNoSpecGave_TheLoopAnswersTheCommand_AndTheHomeStops()
    {
        var loop = CreateProbe();
        var home = Sys.ActorOf(AdapterHome.Props("nobody", _catalog, loop));
        Watch(home);

        home.Tell(new RouteToAdapter("nobody", new LoopSupervisor.DisableAdapter("nobody")));

        loop.ExpectMsg<LoopSupervisor.DisableAdapter>(); // answered unknown_adapter by the loop, not left to time out
        ExpectTerminated(home);
    }
}
