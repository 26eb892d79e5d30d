using System.Text;
using System.Text.Json;
using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Streams;
using Loop.Actors.Loop;
using Loop.Actors.RAxis;
using Loop.Engine.Journal;
using Loop.Engine.Persistence;
using Loop.Engine.Spec;
using Loop.Engine.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Loop.Engine.Tests.Persistence;

/// <summary>
/// The journal writer and its two Akka.Persistence streams on a real SQLite file through
/// Akka.Persistence.Sql: answers in order once persisted, snapshots, compacts only the adapters' stream,
/// recovery agrees, and a journal that fails under it is reported and written again once back.
/// </summary>
public sealed class JournalWriterTests : Akka.TestKit.Xunit2.TestKit, IAsyncLifetime
{
    private readonly ScratchDirectory _scratch;
    private readonly JournalReaderHost _host;

    public JournalWriterTests()
        : this(new ScratchDirectory())
    {
    }

    private JournalWriterTests(ScratchDirectory scratch)
        : this(scratch, StartHost(scratch))
    {
    }

    // The actor system the engine would have (Akka.Persistence.Sql on a real SQLite file, loop's serializer), started by Akka.Hosting.
    private JournalWriterTests(ScratchDirectory scratch, JournalReaderHost host)
        : base(host.System)
    {
        _scratch = scratch;
        _host = host;
    }

    private static JournalReaderHost StartHost(ScratchDirectory scratch)
    {
        var database = JournalDatabase.For(new StorageSection("sqlite", $"Data Source={Path.Combine(scratch.Path, "loop.db")}"));
        database.PrepareAsync(create: true, default).GetAwaiter().GetResult();
        return JournalReaderHost.StartAsync(database, default).GetAwaiter().GetResult();
    }

    [Fact]
    public async Task Commands_AnsweredInOrderOncePersisted_SnapshotsEveryN_OnlyTheAdaptersStreamCompacted_RecoveryAgrees()
    {
        var writer = Sys.ActorOf(Props.Create(() => new JournalWriter(Settings(10), null)), "journal");
        var bus = CreateTestProbe();
        var expected = new EngineState();

        for (var i = 1; i <= 25; i++)
        {
            var record = Record($"c{i}", i % 2 == 0 ? "pause" : "resume", offset: i * 10);
            bus.Send(writer, new JournalWriter.PersistCommand(record));
            expected.ApplyCommand(record.Id, record.Cmd, record.Applied, record.Args, record.Offset, record.Line);
            var restarted = new AdapterStateChanged("a", AdapterState.Backoff, AdapterState.Running, "restarted", null, TimeProvider.System.GetUtcNow()) { Restarts = i };
            writer.Tell(restarted, ActorRefs.NoSender);
            expected.ApplyAdapter("a", AdapterState.Running, i);
            if (i % 5 == 0)
            {
                var level = i % 10 == 0 ? RAxisLevel.Ok : RAxisLevel.Warn;
                writer.Tell(new RAxisSignal("loop", level, RAxisLevel.Ok, "test", 0, 0, i, TimeProvider.System.GetUtcNow()), ActorRefs.NoSender);
                expected.ApplyLevel("loop", level);
            }
        }

        var sequences = new List<long>();
        for (var i = 0; i < 25; i++)
        {
            var persisted = await bus.ExpectMsgAsync<JournalWriter.CommandPersisted>();
            Assert.Null(persisted.Problem);
            sequences.Add(persisted.Sequence);
        }

        await writer.Ask<Loop.Engine.Output.Flush>(Loop.Engine.Output.Flush.Instance, Eventually.DefaultTimeout);
        Assert.Equal(sequences.Order(), sequences); // in the order asked
        Assert.Equal(29, sequences[^1]); // commands and signals share the engine stream, numbered in the order taken: 4 signals came before the last command

        // The engine stream is the audit trail: every command and signal stays. The adapters' stream loses what its snapshots cover.
        var engine = await ReadAsync(JournalManifests.PersistenceId);
        Assert.Equal(25, engine.Count(static e => e.Kind == JournalManifests.Command));
        Assert.Equal(5, engine.Count(static e => e.Kind == JournalManifests.RAxis));
        await Eventually.AssertAsync(async () => Assert.True((await ReadAsync(JournalManifests.AdaptersId)).Count <= 5, "adapter events behind the snapshot at 20 are compacted"));

        // A second writer (a restart) replays the same state: snapshot plus the events after it.
        await StopAsync(writer);
        var restartedWriter = Sys.ActorOf(Props.Create(() => new JournalWriter(Settings(10), null)), "journal-again");
        var recovered = await restartedWriter.Ask<JournalWriter.RecoveredJournal>(JournalWriter.AwaitRecovery.Instance, Eventually.DefaultTimeout);
        var state = EngineState.Merge(recovered.Engine.State, recovered.Adapters.State);
        Assert.Equal(expected.ToJson(), state.ToJson());
        Assert.Equal((250L, false, 25L), (state.FileOffset!.Value, state.Paused, state.Restarts["a"])); // the 25th command resumed
        Assert.Equal((30L, 25L), (recovered.Engine.LastSequence, recovered.Adapters.LastSequence));
        Assert.True(recovered.Engine.SnapshotSequence >= 20, $"engine snapshot at {recovered.Engine.SnapshotSequence}");
        Assert.Equal(30 - recovered.Engine.SnapshotSequence, recovered.Engine.Replayed); // only what came after the snapshot

        var engineRecovered = await EngineRecovery.RecoverAsync(Sys, recovered, Path.Combine(_scratch.Path, "events.jsonl"), TimeProvider.System, default);
        Assert.Equal(25, engineRecovered.Acks.Count); // no events.jsonl and no clean stop: every command is owed an ack, read back through the query
        Assert.All(engineRecovered.Acks, static a => Assert.Contains("\"recovered\":true", Encoding.UTF8.GetString(a), StringComparison.Ordinal));
    }

    [Fact]
    public async Task AddedOrRemovedAdapter_StartsOver_AcrossTheTwoStreams()
    {
        var writer = Sys.ActorOf(Props.Create(() => new JournalWriter(Settings(1000), null)), "journal");
        var bus = CreateTestProbe();
        writer.Tell(new AdapterStateChanged("x", AdapterState.Running, AdapterState.Parked, "parked", null, TimeProvider.System.GetUtcNow()) { Restarts = 4 }, ActorRefs.NoSender);
        bus.Send(writer, new JournalWriter.PersistCommand(Record("r", "remove_adapter", offset: null, args: """{"name":"x"}""")));
        bus.Send(writer, new JournalWriter.PersistCommand(Record("a", "add_adapter", offset: null, args: """{"name":"x","kind":"synthetic"}""")));
        await bus.ExpectMsgAsync<JournalWriter.CommandPersisted>();
        await bus.ExpectMsgAsync<JournalWriter.CommandPersisted>();
        await writer.Ask<Loop.Engine.Output.Flush>(Loop.Engine.Output.Flush.Instance, Eventually.DefaultTimeout);
        await StopAsync(writer);

        var again = Sys.ActorOf(Props.Create(() => new JournalWriter(Settings(1000), null)), "journal-again");
        var recovered = await again.Ask<JournalWriter.RecoveredJournal>(JournalWriter.AwaitRecovery.Instance, Eventually.DefaultTimeout);
        var state = EngineState.Merge(recovered.Engine.State, recovered.Adapters.State);

        Assert.Empty(state.Parked); // the old x's park does not follow the new x
        Assert.False(state.Restarts.ContainsKey("x"));
        Assert.Equal(["x"], state.Added.Select(static a => a.Key));
    }

    [Fact]
    public async Task JournalDown_CommandAnsweredWithTheProblem_Announced_HealthDown_ThenWrittenOnceItAnswers()
    {
        var health = CreateTestProbe();
        var problems = CreateTestProbe();
        Sys.EventStream.Subscribe(health.Ref, typeof(JournalWriter.JournalHealth));
        Sys.EventStream.Subscribe(problems.Ref, typeof(JournalWriter.JournalUnavailable));
        var writer = Sys.ActorOf(Props.Create(() => new JournalWriter(Settings(1000), null)), "journal");
        await writer.Ask<JournalWriter.RecoveredJournal>(JournalWriter.AwaitRecovery.Instance, Eventually.DefaultTimeout);
        await ExecuteAsync("ALTER TABLE journal RENAME TO journal_away;"); // every write fails from now on

        var bus = CreateTestProbe();
        bus.Send(writer, new JournalWriter.PersistCommand(Record("c1", "pause", offset: null)));

        var persisted = await bus.ExpectMsgAsync<JournalWriter.CommandPersisted>(TimeSpan.FromSeconds(15));
        Assert.Contains("no such table", persisted.Problem, StringComparison.Ordinal);
        var down = await health.ExpectMsgAsync<JournalWriter.JournalHealth>(TimeSpan.FromSeconds(15));
        Assert.Contains("no such table", down.Problem, StringComparison.Ordinal);
        Assert.Equal(1, (await problems.ExpectMsgAsync<JournalWriter.JournalUnavailable>()).Events);

        // While down, a command is answered at once with the problem (the bus acks it journal_pending) and kept.
        bus.Send(writer, new JournalWriter.PersistCommand(Record("c2", "resume", offset: null)));
        Assert.NotNull((await bus.ExpectMsgAsync<JournalWriter.CommandPersisted>()).Problem);

        await ExecuteAsync("ALTER TABLE journal_away RENAME TO journal;"); // back: a new stream actor writes what was kept, in order
        var up = await health.ExpectMsgAsync<JournalWriter.JournalHealth>(TimeSpan.FromSeconds(15));
        Assert.Null(up.Problem);
        await Eventually.AssertAsync(async () => Assert.Equal(["c1", "c2"], (await ReadAsync(JournalManifests.PersistenceId)).Select(IdOf)), TimeSpan.FromSeconds(15));
        await bus.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(300)); // each command was answered once: the bus pairs answers with commands in order
    }

    [Fact]
    public async Task JournalFileDeleted_HealthDown_WithWhatToDo()
    {
        var file = Path.Combine(_scratch.Path, "loop.db");
        var health = CreateTestProbe();
        Sys.EventStream.Subscribe(health.Ref, typeof(JournalWriter.JournalHealth));
        var writer = Sys.ActorOf(Props.Create(() => new JournalWriter(Settings(1000), file)), "journal");
        await writer.Ask<JournalWriter.RecoveredJournal>(JournalWriter.AwaitRecovery.Instance, Eventually.DefaultTimeout);

        SqliteConnection.ClearAllPools();
        File.Delete(file);

        var down = await health.ExpectMsgAsync<JournalWriter.JournalHealth>(TimeSpan.FromSeconds(10));
        Assert.Contains("was deleted or replaced while the engine ran", down.Problem, StringComparison.Ordinal);
    }

    private static StateJournalSettings Settings(int snapshotEvery) => new(snapshotEvery, TimeSpan.Zero, 100_000, Compact: false);

    private static string? IdOf(JournaledEvent e) =>
        JsonDocument.Parse(e.Json).RootElement.TryGetProperty("id", out var id) ? id.GetString() : null;

    private async Task<List<JournaledEvent>> ReadAsync(string persistenceId) =>
        await JournalQueries.Of(Sys).CurrentEventsByPersistenceId(persistenceId, 0, long.MaxValue)
            .RunAggregate(new List<JournaledEvent>(), static (all, e) => { all.Add((JournaledEvent)e.Event); return all; }, Sys.Materializer());

    private async Task StopAsync(IActorRef actor)
    {
        var watcher = CreateTestProbe();
        watcher.Watch(actor);
        actor.Tell(PoisonPill.Instance);
        await watcher.ExpectTerminatedAsync(actor);
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_scratch.Path, "loop.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _scratch.Dispose();
    }

    private static CommandRecord Record(string id, string cmd, long? offset, string args = "{}") =>
        new(id, cmd, true, JsonDocument.Parse(args).RootElement, offset, 1, Encoding.UTF8.GetBytes($$"""{"type":"ack","id":"{{id}}","ok":true}"""));
}
