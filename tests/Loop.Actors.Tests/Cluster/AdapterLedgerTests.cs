using Loop.Actors.Cluster;
using Loop.Actors.Loop;

namespace Loop.Actors.Tests.Cluster;

/// <summary>What the cluster keeps of its adapters' state for the node that runs one next after its node died.</summary>
public sealed class AdapterLedgerTests
{
    private static readonly AdapterCarry Disabled = new(true, false, 0);
    private static readonly AdapterCarry Parked = new(false, true, 4);

    [Fact]
    public void Take_KeepsEachAdaptersLatestCarry_AndNamesWhatChanged()
    {
        var ledger = new AdapterLedger([]);

        var first = ledger.Take(Batch("n1", 1, ("a", Disabled), ("b", Parked)));
        var second = ledger.Take(Batch("n1", 2, ("a", Disabled), ("b", Parked with { Restarts = 5 })));

        Assert.Equal(["a", "b"], first.Select(static c => c.Key).Order());
        Assert.Equal(KeyValuePair.Create("b", Parked with { Restarts = 5 }), Assert.Single(second)); // a was the same: nothing to journal
        Assert.Equal(Disabled, ledger.Of("a"));
    }

    [Fact]
    public void Take_ABatchOlderThanOneTaken_IsOldNews()
    {
        var ledger = new AdapterLedger([]);
        ledger.Take(Batch("n1", 2, ("a", AdapterCarry.None)));

        var late = ledger.Take(Batch("n1", 1, ("a", Disabled))); // sent before, confirmed too late, sent again merged into 2

        Assert.Empty(late);
        Assert.Equal(AdapterCarry.None, ledger.Of("a"));
        Assert.NotEmpty(ledger.Take(Batch("n2", 1, ("a", Disabled)))); // another node's numbers are its own
    }

    [Fact]
    public void AFreshCarry_ForgetsTheAdapter()
    {
        var ledger = new AdapterLedger([KeyValuePair.Create("a", Disabled)]);

        var changed = ledger.Take(Batch("n1", 1, ("a", AdapterCarry.None)));

        Assert.Single(changed);
        Assert.Equal(0, ledger.Count);
    }

    [Fact]
    public void ResetRestarts_ZeroesEveryCount_KeepsDisabledAndParked()
    {
        var ledger = new AdapterLedger([KeyValuePair.Create("a", new AdapterCarry(false, false, 3)), KeyValuePair.Create("b", Parked), KeyValuePair.Create("c", Disabled)]);

        var changed = ledger.ResetRestarts();

        Assert.Equal(["a", "b"], changed.Select(static c => c.Key).Order());
        Assert.Equal((AdapterCarry.None, Parked with { Restarts = 0 }, Disabled), (ledger.Of("a"), ledger.Of("b"), ledger.Of("c")));
        Assert.Equal(2, ledger.Count);
    }

    [Fact]
    public void Recall_GivesBackEveryCarry()
    {
        var underneath = new AdapterCarry(true, true, 2); // disabled while parked
        var ledger = new AdapterLedger([KeyValuePair.Create("a", Disabled), KeyValuePair.Create("b", Parked), KeyValuePair.Create("c", underneath)]);

        var carries = ledger.Recall().ToCarries();

        Assert.Equal(3, carries.Count);
        Assert.Equal((Disabled, Parked, underneath), (carries["a"], carries["b"], carries["c"]));
    }

    [Fact]
    public void Removed_KeptAndRecalled_UntilAddedAgain()
    {
        var ledger = new AdapterLedger([]);

        ledger.Take(Batch("n1", 1, ("spec-a", AdapterCarry.RemovedByOperator)));

        Assert.Equal(["spec-a"], ledger.Recall().Removed);
        Assert.Equal(AdapterCarry.RemovedByOperator, ledger.Recall().ToCarries()["spec-a"]);
        ledger.Take(Batch("n1", 2, ("spec-a", AdapterCarry.None))); // add_adapter of that name: its loop's "added" event
        Assert.Empty(ledger.Recall().Removed);
    }

    [Fact]
    public void Admitted_RecalledWithItsSpec_GoneWhenRemoved()
    {
        var ledger = new AdapterLedger([]);

        Assert.True(ledger.Admit("extra", "{\"name\":\"extra\",\"kind\":\"synthetic\"}"));
        Assert.False(ledger.Admit("extra", "{\"name\":\"extra\",\"kind\":\"synthetic\"}")); // the same: nothing to journal
        Assert.Equal("{\"name\":\"extra\",\"kind\":\"synthetic\"}", ledger.Recall().Added["extra"]);

        Assert.NotEmpty(ledger.Take(Batch("n2", 1, ("extra", AdapterCarry.RemovedByOperator))));

        Assert.Empty(ledger.Recall().Added); // no sweep homes it again
        Assert.Equal(["extra"], ledger.Recall().Removed);
    }

    [Fact]
    public void Recovered_WithItsAddedAdapters()
    {
        var ledger = new AdapterLedger([KeyValuePair.Create("gone", AdapterCarry.RemovedByOperator)], [KeyValuePair.Create("extra", "{}")]);

        var recalled = ledger.Recall();

        Assert.Equal(["gone"], recalled.Removed);
        Assert.Equal("{}", recalled.Added["extra"]);
    }

    private static AdapterCarries Batch(string node, long sequence, params (string Adapter, AdapterCarry Carry)[] changes) =>
        new(node, sequence, changes.ToDictionary(static c => c.Adapter, static c => c.Carry, StringComparer.Ordinal));
}
