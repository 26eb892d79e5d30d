using System.Text.Json;
using Loop.Actors.Loop;
using Loop.Actors.RAxis;
using Loop.Engine.Persistence;

namespace Loop.Engine.Tests.Persistence;

public sealed class EngineStateTests
{
    [Fact]
    public void Commands_FoldIntoAdapterSetPauseTickAndIds()
    {
        var state = new EngineState();

        Apply(state, "c1", "add_adapter", """{"name":"extra","kind":"synthetic"}""");
        Apply(state, "c2", "remove_adapter", """{"name":"synthetic-b"}""");
        Apply(state, "c3", "disable_adapter", """{"name":"synthetic-a"}""");
        Apply(state, "c4", "pause");
        Apply(state, "c5", "set_tick", """{"tick_ms":500}""");
        Apply(state, null, "status");

        Assert.Equal(["extra"], state.Added.Select(static a => a.Key));
        Assert.Contains("\"kind\":\"synthetic\"", state.Added[0].Value, StringComparison.Ordinal);
        Assert.Equal(["synthetic-b"], state.Removed);
        Assert.Equal(["synthetic-a"], state.Disabled);
        Assert.True(state.Paused);
        Assert.Equal(500, state.TickMs);
        Assert.Equal(5, state.AppliedIds.Count); // status only reads: not remembered
        Assert.All(new[] { "c1", "c2", "c3", "c4", "c5" }, id => Assert.True(state.AppliedIds.Contains(id)));
    }

    [Fact]
    public void ClusterLoopEvent_ReplayedFromTheJournal_SetsPauseAndTick_LatestWins()
    {
        var state = new EngineState();
        var at = DateTimeOffset.UnixEpoch;

        state.Apply(JournaledEvents.Lifecycle(EngineState.ClusterLoopEvent, new Dictionary<string, object?> { ["paused"] = true, ["tick_ms"] = 300, ["by"] = "127.0.0.1:4053" }, at), 1);
        Assert.Equal((true, (int?)300), (state.Paused, state.TickMs));

        state.Apply(JournaledEvents.Lifecycle(EngineState.ClusterLoopEvent, new Dictionary<string, object?> { ["paused"] = false, ["tick_ms"] = null, ["by"] = "127.0.0.1:4054" }, at), 2);
        Assert.Equal((false, (int?)null), (state.Paused, state.TickMs));

        state.Apply(JournaledEvents.Lifecycle("started", new Dictionary<string, object?> { ["paused"] = true }, at), 3); // only the cluster's event says so
        Assert.False(state.Paused);
    }

    [Fact]
    public void CarryAndClaim_ReplayedAndSnapshotted_AreTheClustersStartingPoint_LatestWins()
    {
        var state = new EngineState();
        var at = DateTimeOffset.UnixEpoch;

        state.Apply(JournaledEvents.Carry("a", new AdapterCarry(true, true, 3), at), 1);
        state.Apply(JournaledEvents.Carry("b", new AdapterCarry(false, false, 2), at), 2);
        state.Apply(JournaledEvents.Carry("c", new AdapterCarry(true, false, 0), at), 3);
        state.Apply(JournaledEvents.Carry("c", AdapterCarry.None, at), 4); // enabled again: nothing kept
        state.Apply(JournaledEvents.Claim("cmd-7", at), 5); // an id the cluster applied, in the same stream
        var snapshotted = EngineState.FromJson(state.ToUtf8Json());

        Assert.True(snapshotted.AppliedIds.Contains("cmd-7"));

        Assert.Equal(
            new Dictionary<string, AdapterCarry> { ["a"] = new(true, true, 3), ["b"] = new(false, false, 2) },
            snapshotted.Carries().ToDictionary(static c => c.Key, static c => c.Value));
    }

    [Fact]
    public void AdmittedAndRemoved_ReplayedAndSnapshotted_AreTheClustersAdapterSet()
    {
        var state = new EngineState();
        var at = DateTimeOffset.UnixEpoch;

        state.Apply(JournaledEvents.Admitted("extra", """{"name":"extra","kind":"synthetic"}""", at), 1);
        state.Apply(JournaledEvents.Admitted("gone", """{"name":"gone","kind":"synthetic"}""", at), 2);
        state.Apply(JournaledEvents.Carry("gone", AdapterCarry.RemovedByOperator, at), 3); // an added one removed: gone
        state.Apply(JournaledEvents.Carry("spec-a", AdapterCarry.RemovedByOperator, at), 4); // a spec one removed: kept out
        state.Apply(JournaledEvents.Carry("spec-b", AdapterCarry.RemovedByOperator, at), 5);
        state.Apply(JournaledEvents.Carry("spec-b", AdapterCarry.None, at), 6); // added back
        var snapshotted = EngineState.FromJson(state.ToUtf8Json());

        Assert.Equal(["extra"], snapshotted.Added.Select(static a => a.Key));
        Assert.Equal("synthetic", System.Text.Json.JsonDocument.Parse(snapshotted.Added[0].Value).RootElement.GetProperty("kind").GetString());
        Assert.Equal(
            new Dictionary<string, AdapterCarry> { ["gone"] = AdapterCarry.RemovedByOperator, ["spec-a"] = AdapterCarry.RemovedByOperator },
            snapshotted.Carries().ToDictionary(static c => c.Key, static c => c.Value));
    }

    [Fact]
    public void NotApplied_OnlyMovesTheFileOffset()
    {
        var state = new EngineState();

        state.ApplyCommand("x", "pause", applied: false, default, offset: 120, line: 7);

        Assert.Equal((120L, 7L), (state.FileOffset, state.FileLine));
        Assert.False(state.Paused);
        Assert.Equal(0, state.AppliedIds.Count);
    }

    [Fact]
    public void RemoveThenAddBack_StartsOver_SpecAdapterOfThatNameStaysReplaced()
    {
        var state = new EngineState();
        state.ApplyAdapter("synthetic-a", AdapterState.Parked, 4);
        state.ApplyLevel("adapter:synthetic-a", RAxisLevel.Block);
        Apply(state, null, "disable_adapter", """{"name":"synthetic-a"}""");

        Apply(state, null, "remove_adapter", """{"name":"synthetic-a"}""");
        Apply(state, null, "add_adapter", """{"spec":{"name":"synthetic-a","kind":"synthetic"}}""");

        Assert.Empty(state.Removed);
        Assert.Equal(["synthetic-a"], state.Added.Select(static a => a.Key));
        Assert.Empty(state.Parked);
        Assert.Empty(state.Disabled);
        Assert.Empty(state.Restarts);
        Assert.Empty(state.Levels);
    }

    [Fact]
    public void LoopEvents_RestartsParkedLevels_ResetMetricsClearsRestarts()
    {
        var state = new EngineState();
        state.ApplyAdapter("a", AdapterState.Running, 3);
        state.ApplyAdapter("b", AdapterState.Parked, 4);
        state.ApplyAdapter("b", AdapterState.Disabled, 4); // disabled while parked: still parked underneath
        state.ApplyLevel("loop", RAxisLevel.Warn);
        state.ApplyLevel("adapter:a", RAxisLevel.Block);
        state.ApplyLevel("adapter:a", RAxisLevel.Ok);

        Assert.Equal(["b"], state.Parked);
        Assert.Equal(new Dictionary<string, string> { ["loop"] = "WARN" }, state.Levels);
        Apply(state, null, "reset_metrics");
        Assert.Empty(state.Restarts);
    }

    [Fact]
    public void Snapshot_RoundTripsEverything()
    {
        var state = new EngineState { FileOffset = 99, FileLine = 3, Paused = true, TickMs = 300, LastStopSequence = 42 };
        state.AppliedIds.Add("c-1");
        state.Added.Add(new("x", "{\"name\":\"x\"}"));
        state.Removed.Add("y");
        state.Disabled.Add("z");
        state.Restarts["x"] = 2;
        state.Parked.Add("x");
        state.Levels["loop"] = "BLOCK";

        var back = EngineState.FromJson(state.ToJson());

        Assert.Equal(state.ToJson(), back.ToJson());
        Assert.Equal((99L, 3L, true, 300, 42L), (back.FileOffset!.Value, back.FileLine, back.Paused, back.TickMs!.Value, back.LastStopSequence));
        Assert.Equal(RAxisLevel.Block, back.ToLoopRecovery().Levels["loop"]);
        Assert.True(back.AppliedIds.Contains("c-1"));
        Assert.Equal(state.ToJson(), state.Copy().ToJson()); // and a copy has all of it too
    }

    private static void Apply(EngineState state, string? id, string cmd, string args = "{}") =>
        state.ApplyCommand(id, cmd, applied: true, JsonDocument.Parse(args).RootElement, offset: null, line: 1);
}
