using Loop.Actors.Cluster;
using Loop.Actors.Loop;
using Loop.Actors.Tests.Support;

namespace Loop.Actors.Tests.Cluster;

/// <summary>
/// The router's pipeline: commands for adapters overlap, answers come back in the order the commands came, a status
/// waits for what came before it, and commands with ids are applied in their order though their claims overlap.
/// </summary>
public sealed class ClusterCommandRouterPipelineTests : ActorTest
{
    private readonly TestProbe _loop;
    private readonly TestProbe _region;
    private readonly TestProbe _bus;
    private readonly IActorRef _router;

    public ClusterCommandRouterPipelineTests()
    {
        _loop = CreateProbe();
        _region = CreateProbe();
        _bus = CreateProbe();
        _router = Sys.ActorOf(ClusterCommandRouter.Props(_loop, _region, _bus, "127.0.0.1:4053"));
    }

    [Fact]
    public void AdapterCommands_AllSentBeforeAnyIsAnswered_AnsweredInTheirOrder()
    {
        _router.Tell(new LoopSupervisor.DisableAdapter("a"));
        _router.Tell(new LoopSupervisor.DisableAdapter("b"));
        _router.Tell(new LoopSupervisor.EnableAdapter("c"));

        var sent = Enumerable.Range(0, 3).Select(_ => (Route: _region.ExpectMsg<RouteToAdapter>(), To: _region.LastSender)).ToList();
        Assert.Equal(["a", "b", "c"], sent.Select(static s => s.Route.Adapter)); // in order, none waiting on another's answer
        foreach (var (route, to) in Enumerable.Reverse(sent))
        {
            to.Tell(LoopSupervisor.ControlReply.Done(("adapter", route.Adapter))); // the far node's answers come back first
        }

        Assert.Equal(["a", "b", "c"], Enumerable.Range(0, 3).Select(_ => ExpectMsg<LoopSupervisor.ControlReply>().Result["adapter"]));
    }

    [Fact]
    public void AStatus_WaitsForTheCommandsBeforeIt_AndTheOnesAfterItWaitForIt()
    {
        _router.Tell(new LoopSupervisor.DisableAdapter("a"));
        _router.Tell(LoopSupervisor.GetStatus.Instance);
        _router.Tell(new LoopSupervisor.DisableAdapter("b"));

        _region.ExpectMsg<RouteToAdapter>(r => r.Adapter == "a");
        var disableA = _region.LastSender;
        _loop.ExpectNoMsg(Short); // the status would not see a disabled yet
        disableA.Tell(LoopSupervisor.ControlReply.Done(("adapter", "a")));
        _loop.ExpectMsg<LoopSupervisor.GetStatus>();
        _region.ExpectNoMsg(Short); // b waits for the status
        _loop.Reply("the status");
        _region.ExpectMsg<RouteToAdapter>(r => r.Adapter == "b");
        _region.Reply(LoopSupervisor.ControlReply.Done(("adapter", "b")));

        Assert.Equal("a", ExpectMsg<LoopSupervisor.ControlReply>().Result["adapter"]);
        Assert.Equal("the status", ExpectMsg<string>());
        Assert.Equal("b", ExpectMsg<LoopSupervisor.ControlReply>().Result["adapter"]);
    }

    [Fact]
    public void Ids_ClaimsOverlap_CommandsStillGoInTheirOrder_EachSettled()
    {
        _router.Tell(new IdentifiedCommand("i1", new LoopSupervisor.DisableAdapter("a")));
        _router.Tell(new IdentifiedCommand("i2", new LoopSupervisor.EnableAdapter("a")));

        _bus.ExpectMsg<ClaimId>(c => c.Id == "i1");
        var claim1 = _bus.LastSender;
        _bus.ExpectMsg<ClaimId>(c => c.Id == "i2"); // asked before the first is answered
        _bus.LastSender.Tell(new IdClaimed(true, null));
        _region.ExpectNoMsg(Short); // enable must not overtake disable
        claim1.Tell(new IdClaimed(true, null));

        Assert.IsType<LoopSupervisor.DisableAdapter>(_region.ExpectMsg<RouteToAdapter>().Command);
        var disable = _region.LastSender;
        Assert.IsType<LoopSupervisor.EnableAdapter>(_region.ExpectMsg<RouteToAdapter>().Command);
        _region.Reply(LoopSupervisor.ControlReply.Fail("invalid_state", "refused"));
        disable.Tell(LoopSupervisor.ControlReply.Done());

        Assert.True(ExpectMsg<LoopSupervisor.ControlReply>().Ok);
        Assert.False(ExpectMsg<LoopSupervisor.ControlReply>().Ok);
        var settled = new[] { _bus.ExpectMsg<SettleId>(), _bus.ExpectMsg<SettleId>() }.OrderBy(static s => s.Id).ToList();
        Assert.Equal([new SettleId("i1", true), new SettleId("i2", false)], settled); // a refused command's id is free again
    }

    [Fact]
    public void AnIdTheClusterApplied_NotSent_AckedAsAppliedBefore_InItsPlace()
    {
        _router.Tell(new LoopSupervisor.DisableAdapter("a"));
        _router.Tell(new IdentifiedCommand("i1", new LoopSupervisor.DisableAdapter("b")));
        _region.ExpectMsg<RouteToAdapter>(r => r.Adapter == "a");
        var first = _region.LastSender;

        _bus.ExpectMsg<ClaimId>();
        _bus.Reply(new IdClaimed(false, "127.0.0.1:4054"));

        _region.ExpectNoMsg(Short);
        first.Tell(LoopSupervisor.ControlReply.Done());
        Assert.True(ExpectMsg<LoopSupervisor.ControlReply>().Ok);
        Assert.Equal("id i1 was applied before (on 127.0.0.1:4054); not applied again", ExpectMsg<IdAppliedBefore>().Note);
    }
}
