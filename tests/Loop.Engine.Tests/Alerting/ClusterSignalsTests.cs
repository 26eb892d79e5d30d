using Loop.Actors.RAxis;
using Loop.Engine.Alerting;

namespace Loop.Engine.Tests.Alerting;

public sealed class ClusterSignalsTests
{
    private static readonly TimeSpan Hold = TimeSpan.FromSeconds(30);
    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);
    private readonly ClusterSignals _signals = new(Hold);

    [Fact]
    public void TheLoopScopeOnEveryNode_IsOneChangeUp_AndOneDownOnceTheLastNodeFalls()
    {
        var up = new[] { "a:1", "b:2", "c:3" }.Select(n => _signals.Take(n, Signal("loop", RAxisLevel.Warn), T0)).ToList();

        var raised = Assert.Single(up, static c => c is not null)!;
        Assert.Equal((RAxisLevel.Warn, RAxisLevel.Ok, "loop latency above 60 ms (on a:1)"), (raised.Level, raised.Previous, raised.Reason));

        Assert.Null(_signals.Take("a:1", Signal("loop", RAxisLevel.Ok), T0.AddSeconds(1)));
        Assert.Null(_signals.Take("b:2", Signal("loop", RAxisLevel.Ok), T0.AddSeconds(2)));
        var fell = _signals.Take("c:3", Signal("loop", RAxisLevel.Ok, "latency fine"), T0.AddSeconds(3));

        Assert.Equal((RAxisLevel.Ok, RAxisLevel.Warn, "latency fine"), (fell!.Level, fell.Previous, fell.Reason));
        Assert.Empty(_signals.Active);
    }

    [Fact]
    public void TheClusterLevelIsTheWorstNodes_EachStepOnce()
    {
        Assert.Equal(RAxisLevel.Warn, _signals.Take("a:1", Signal("loop", RAxisLevel.Warn), T0)!.Level);
        var block = _signals.Take("b:2", Signal("loop", RAxisLevel.Block), T0);
        Assert.Equal((RAxisLevel.Block, RAxisLevel.Warn), (block!.Level, block.Previous));

        var back = _signals.Take("b:2", Signal("loop", RAxisLevel.Ok), T0.AddSeconds(5));

        Assert.Equal((RAxisLevel.Warn, RAxisLevel.Block), (back!.Level, back.Previous)); // a:1 still holds WARN
    }

    [Fact]
    public void AnAdapterThatMoves_AndIsRaisedAgainWithinTheHold_IsNoChangeAtAll()
    {
        Assert.NotNull(_signals.Take("a:1", Signal("adapter:api", RAxisLevel.Block), T0));

        Assert.Null(_signals.Take("a:1", Signal("adapter:api", RAxisLevel.Ok) with { Withdrawn = true }, T0.AddSeconds(1)));
        Assert.Empty(_signals.Expire(T0.AddSeconds(10)));
        Assert.Null(_signals.Take("b:2", Signal("adapter:api", RAxisLevel.Block), T0.AddSeconds(20)));
        Assert.Empty(_signals.Expire(T0.AddSeconds(60))); // a:1's hold ends; b:2 holds it

        Assert.Equal(RAxisLevel.Block, _signals.Active["adapter:api"].Level);
        var fell = _signals.Take("b:2", Signal("adapter:api", RAxisLevel.Ok), T0.AddSeconds(61));
        Assert.Equal((RAxisLevel.Ok, RAxisLevel.Block), (fell!.Level, fell.Previous));
    }

    [Fact]
    public void AWithdrawnScopeNoNodeRaisesAgain_FallsWhenItsHoldEnds()
    {
        _signals.Take("a:1", Signal("adapter:api", RAxisLevel.Warn), T0);
        _signals.Take("a:1", Signal("adapter:api", RAxisLevel.Ok) with { Withdrawn = true }, T0);

        Assert.Empty(_signals.Expire(T0 + Hold - TimeSpan.FromSeconds(1)));
        var fell = Assert.Single(_signals.Expire(T0 + Hold));

        Assert.Equal(("adapter:api", RAxisLevel.Ok, RAxisLevel.Warn), (fell.Scope, fell.Level, fell.Previous));
        Assert.Equal("withdrawn from a:1 and not raised again by another node within 30 s", fell.Reason);
        Assert.True(double.IsNaN(fell.Observed));
    }

    [Fact]
    public void ANodeThatLeft_ItsScopesAreHeldForTheNodesTheyMoveTo()
    {
        _signals.Take("a:1", Signal("adapter:api", RAxisLevel.Block), T0);
        _signals.NodeGone("a:1", T0.AddSeconds(2));

        Assert.Empty(_signals.Expire(T0.AddSeconds(20)));
        Assert.Null(_signals.Take("b:2", Signal("adapter:api", RAxisLevel.Block), T0.AddSeconds(25)));
        Assert.Empty(_signals.Expire(T0.AddSeconds(40)));
        Assert.Equal(RAxisLevel.Block, _signals.Active["adapter:api"].Level);
    }

    [Fact]
    public void AFallThatIsNotAWithdrawal_IsNotHeld()
    {
        _signals.Take("a:1", Signal("adapter:api", RAxisLevel.Warn), T0);

        var fell = _signals.Take("a:1", Signal("adapter:api", RAxisLevel.Ok, "clear for 10 s"), T0.AddSeconds(1));

        Assert.Equal((RAxisLevel.Ok, "clear for 10 s"), (fell!.Level, fell.Reason));
    }

    [Fact]
    public void ANewBoard_LearnsFromTheNodesReports_AndAReportWithoutAScopeFallsIt()
    {
        var learnt = _signals.TakeSnapshot("a:1", [Signal("adapter:api", RAxisLevel.Block), Signal("loop", RAxisLevel.Warn)], T0);
        Assert.Equal(["adapter:api=Block", "loop=Warn"], learnt.Select(static c => $"{c.Scope}={c.Level}").Order(StringComparer.Ordinal));

        Assert.Empty(_signals.TakeSnapshot("a:1", [Signal("adapter:api", RAxisLevel.Block), Signal("loop", RAxisLevel.Warn)], T0.AddSeconds(5))); // the same again: nothing
        var fell = Assert.Single(_signals.TakeSnapshot("a:1", [Signal("adapter:api", RAxisLevel.Block)], T0.AddSeconds(10)));

        Assert.Equal(("loop", RAxisLevel.Ok, "node a:1 no longer holds it above OK"), (fell.Scope, fell.Level, fell.Reason));
    }

    [Fact]
    public void AReportDoesNotEndAHold()
    {
        // a:1 withdrew the adapter (it moved) and reports without it: the hold stands for the node it moved to.
        _signals.Take("a:1", Signal("adapter:api", RAxisLevel.Block), T0);
        _signals.Take("a:1", Signal("adapter:api", RAxisLevel.Ok) with { Withdrawn = true }, T0);

        Assert.Empty(_signals.TakeSnapshot("a:1", [], T0.AddSeconds(5)));
        Assert.Equal(RAxisLevel.Block, _signals.Active["adapter:api"].Level);
    }

    private static RAxisSignal Signal(string scope, RAxisLevel level, string reason = "loop latency above 60 ms") =>
        new(scope, level, RAxisLevel.Ok, reason, 70, 60, 1, T0);
}
