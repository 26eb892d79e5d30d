using Loop.Actors.Cluster;
using Loop.Actors.Loop;
using Loop.Actors.Tests.Support;

namespace Loop.Actors.Tests.Cluster;

/// <summary>How a node tells the cluster's ledger its adapters' state: changes only, batched, sent again until confirmed.</summary>
public sealed class AdapterCarryRelayTests() : ActorTest(realClock: true)
{
    private static readonly TimeSpan AnswerWithin = TimeSpan.FromMilliseconds(300);

    [Fact]
    public void AChange_IsSent_ABackoffOrAMove_IsNot()
    {
        var ledger = CreateProbe();
        Started(AdapterCarryRelay.Props(ledger, "n1", AnswerWithin));

        Publish("a", AdapterState.Disabled, "disabled", new AdapterCarry(true, false, 0));
        var batch = ledger.ExpectMsg<AdapterCarries>();
        Assert.Equal(("n1", 1L), (batch.Node, batch.Sequence));
        Assert.Equal(new AdapterCarry(true, false, 0), batch.Changes["a"]);
        ledger.Reply(new CarriesKept(1));

        Publish("b", AdapterState.Backoff, "backoff", AdapterCarry.None); // restarts change on "restarted", not here
        Publish("a", AdapterState.Removed, "removed", null, AdapterHome.MovedReason); // the next node speaks for it
        Publish("c", AdapterState.Running, "added", AdapterCarry.None); // added fresh: the ledger has nothing of it either
        ledger.ExpectNoMsg(Short);
    }

    [Fact]
    public void NotConfirmed_SentAgain_WithTheNewerChangesWinning()
    {
        var ledger = CreateProbe();
        Started(AdapterCarryRelay.Props(ledger, "n1", AnswerWithin));

        Publish("a", AdapterState.Disabled, "disabled", new AdapterCarry(true, false, 0));
        ledger.ExpectMsg<AdapterCarries>(); // never answered: the ledger is moving
        Publish("a", AdapterState.Running, "enabled", AdapterCarry.None); // while that batch is in flight
        Publish("b", AdapterState.Parked, "parked", new AdapterCarry(false, true, 4));

        var again = ledger.ExpectMsg<AdapterCarries>(TimeSpan.FromSeconds(5));
        Assert.Equal(2, again.Sequence);
        Assert.Equal(AdapterCarry.None, again.Changes["a"]); // enabled after it was disabled: enabled
        Assert.Equal(new AdapterCarry(false, true, 4), again.Changes["b"]);
    }

    [Fact]
    public void AnOperatorsRemoval_KeptAsRemoved_NotForgotten()
    {
        var ledger = CreateProbe();
        Started(AdapterCarryRelay.Props(ledger, "n1", AnswerWithin));
        Publish("a", AdapterState.Disabled, "disabled", new AdapterCarry(true, false, 0));
        ledger.ExpectMsg<AdapterCarries>();
        ledger.Reply(new CarriesKept(1));

        Publish("a", AdapterState.Removed, "removed", null, "removed by an operator");

        Assert.Equal(AdapterCarry.RemovedByOperator, ledger.ExpectMsg<AdapterCarries>().Changes["a"]); // forgotten, it came back at its node's death
        ledger.Reply(new CarriesKept(2));

        Publish("a", AdapterState.Removed, "removed", null, AdapterHome.MovedReason);
        ledger.ExpectNoMsg(TimeSpan.FromMilliseconds(300)); // a move is no removal: the node that runs it now speaks for it
    }

    private void Publish(string adapter, AdapterState state, string @event, AdapterCarry? carry, string? reason = null) =>
        Sys.EventStream.Publish(new AdapterStateChanged(adapter, AdapterState.Running, state, @event, reason, TimeProvider.System.GetUtcNow()) { Carry = carry });

    /// <summary>The relay subscribes in PreStart, which has run once it answers a first message.</summary>
    private void Started(Props props)
    {
        var relay = Sys.ActorOf(props);
        relay.Tell(new Identify(1));
        ExpectMsg<ActorIdentity>();
    }
}
