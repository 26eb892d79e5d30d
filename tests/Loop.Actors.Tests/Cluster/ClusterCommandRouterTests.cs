using Loop.Actors.Cluster;
using Loop.Actors.Loop;

namespace Loop.Actors.Tests.Cluster;

/// <summary>How a loop-wide command's ack reads on a cluster: this node's answer, with what the other nodes did.</summary>
public sealed class ClusterCommandRouterTests
{
    private static readonly Dictionary<string, string> NoneRefused = [];

    [Fact]
    public void LoopWide_AreTheLoopsOwnCommands_NotAnAdaptersOrStatus()
    {
        Assert.True(ClusterCommandRouter.IsLoopWide(new LoopSupervisor.Pause()));
        Assert.True(ClusterCommandRouter.IsLoopWide(new LoopSupervisor.SetTick(TimeSpan.FromSeconds(1))));
        Assert.True(ClusterCommandRouter.IsLoopWide(new LoopSupervisor.AckBlock("loop")));
        Assert.False(ClusterCommandRouter.IsLoopWide(new LoopSupervisor.AckBlock("adapter:a")));
        Assert.False(ClusterCommandRouter.IsLoopWide(new LoopSupervisor.DisableAdapter("a")));
        Assert.False(ClusterCommandRouter.IsLoopWide(LoopSupervisor.GetStatus.Instance));
    }

    [Fact]
    public void AppliedEverywhere_ThisNodesAnswerWithTheNodeCount()
    {
        var local = LoopSupervisor.ControlReply.Done(("paused", true), ("changed", true));

        var reply = ClusterCommandRouter.WithOthers(local, new LoopWideApplied(2, NoneRefused, []));

        Assert.True(reply.Ok);
        Assert.Equal((true, true, 3), (reply.Result["paused"], reply.Result["changed"], reply.Result["nodes"]));
        Assert.False(reply.Result.ContainsKey("missed"));
    }

    [Fact]
    public void ANodeDidNotAnswer_Named()
    {
        var reply = ClusterCommandRouter.WithOthers(LoopSupervisor.ControlReply.Done(("paused", true)), new LoopWideApplied(1, NoneRefused, ["127.0.0.1:4055"]));

        Assert.Equal(2, reply.Result["nodes"]);
        Assert.Equal(["127.0.0.1:4055"], Assert.IsAssignableFrom<IReadOnlyList<string>>(reply.Result["missed"]));
    }

    [Fact]
    public void RefusedHere_AppliedElsewhere_AppliedWithANote()
    {
        var local = LoopSupervisor.ControlReply.Fail("invalid_state", "the loop holds no BLOCK");

        var reply = ClusterCommandRouter.WithOthers(local, new LoopWideApplied(1, new Dictionary<string, string> { ["127.0.0.1:4055"] = "the loop holds no BLOCK" }, []));

        Assert.True(reply.Ok);
        Assert.Equal(1, reply.Result["nodes"]);
        Assert.Equal("not applied on this node: the loop holds no BLOCK", reply.Result["note"]);
    }

    [Fact]
    public void RefusedEverywhere_ThisNodesRefusal()
    {
        var local = LoopSupervisor.ControlReply.Fail("invalid_state", "the loop holds no BLOCK");

        var reply = ClusterCommandRouter.WithOthers(local, new LoopWideApplied(0, new Dictionary<string, string> { ["127.0.0.1:4055"] = "the loop holds no BLOCK" }, []));

        Assert.Same(local, reply);
    }
}
