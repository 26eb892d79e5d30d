using System.Text.Json;
using Loop.Engine.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Loop.Engine.Tests.Integration;

/// <summary>The real engine on a real journal (SQLite file, or test.sh's PostgreSQL): what survives a kill -9, and how.</summary>
public sealed class JournalTests
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task KilledAndRestarted_AdapterSetPauseTickAndIdsRecovered_NothingAckedTwice(string provider)
    {
        await using var database = provider == "postgres" ? await ThrowawayDatabase.CreateAsync() : null;
        await using var run = await BusRun.StartAsync(storage: database is null ? null : $"{{ provider: postgres, connection: \"{database.ConnectionString}\" }}");
        run.Append(Lines(
            """{"id":"c1","cmd":"add_adapter","args":{"name":"extra","kind":"synthetic","latency_ms":{"mean":2,"jitter":1}}}""",
            """{"id":"c2","cmd":"remove_adapter","args":{"name":"b"}}""",
            """{"id":"c3","cmd":"disable_adapter","args":{"name":"a"}}""",
            """{"id":"c4","cmd":"pause"}""",
            """{"id":"c5","cmd":"set_tick","args":{"tick_ms":300}}"""));
        await run.WaitForAcksAsync(5);
        Assert.All(run.Acks(), static a => Assert.Equal("ok", BusRun.Code(a)));

        await run.KillHardAsync();
        await run.RestartAsync();

        var status = await run.StatusAsync();
        var adapters = status.GetProperty("adapters").EnumerateArray().ToDictionary(static a => a.GetProperty("name").GetString()!, static a => a.GetProperty("state").GetString());
        Assert.Equal(new Dictionary<string, string?> { ["a"] = "disabled", ["extra"] = "running" }, adapters);
        Assert.True(status.GetProperty("loop").GetProperty("paused").GetBoolean());
        Assert.Equal(300, status.GetProperty("loop").GetProperty("tick_ms").GetDouble());
        Assert.Contains("journal: " + provider, run.Process.Stdout, StringComparison.Ordinal);
        Assert.Contains("recovered in", run.Process.Stdout, StringComparison.Ordinal);

        // An id applied before the crash is still known; lines acked before it are not read again.
        run.Append(Lines("""{"id":"c4","cmd":"resume"}"""));
        await run.WaitForAcksAsync(6);
        var acks = run.Acks();
        Assert.Equal(["c1", "c2", "c3", "c4", "c5", "c4"], acks.Select(static a => a.GetProperty("id").GetString()));
        Assert.True(acks[^1].GetProperty("duplicate").GetBoolean());
        Assert.True((await run.StatusAsync()).GetProperty("loop").GetProperty("paused").GetBoolean());
    }

    [Fact]
    public async Task CrashBetweenJournalAndAck_AckedOnceOnRestart_MarkedRecovered_NotAppliedAgain()
    {
        await using var run = await BusRun.StartAsync();
        run.Append(Lines("""{"id":"a-1","cmd":"add_adapter","args":{"name":"extra","kind":"synthetic"}}"""));
        await run.WaitForAcksAsync(1);
        await run.KillHardAsync();

        // As if the engine had died after the journal had the command but before its ack reached events.jsonl.
        var events = Path.Combine(run.Path, "logs", "events.jsonl");
        File.WriteAllLines(events, File.ReadAllLines(events).Where(static l => !l.Contains("\"type\":\"ack\"", StringComparison.Ordinal)));
        File.AppendAllText(events, """{"ts":"2026-11-22T10:00:00.000Z","type":"ack","id":"a-1","ok":true,"journal_seq":1"""); // and cut its ack short
        await run.RestartAsync();
        await run.WaitForAcksAsync(1);
        await Task.Delay(500); // room for a second ack, were one (wrongly) coming

        var ack = Assert.Single(run.Acks());
        Assert.Equal(("a-1", "ok"), (ack.GetProperty("id").GetString(), BusRun.Code(ack)));
        Assert.True(ack.GetProperty("recovered").GetBoolean());
        var adapters = (await run.StatusAsync()).GetProperty("adapters").EnumerateArray().Select(static a => a.GetProperty("name").GetString());
        Assert.Equal(["a", "b", "extra"], adapters); // from the journal; applying it again would have failed (the name is taken)
    }

    [Fact]
    public async Task NoCommandWhileItRan_LinesAppendedWhileDown_AppliedByTheNextRun()
    {
        await using var run = await BusRun.StartAsync();
        await Task.Delay(300); // the journal has where the tail started
        await run.KillHardAsync();

        run.Append(Lines("""{"id":"while-down","cmd":"pause"}"""));
        await run.RestartAsync();
        await run.WaitForAcksAsync(1);

        Assert.Equal(("while-down", "ok"), (Assert.Single(run.Acks()).GetProperty("id").GetString(), BusRun.Code(run.Acks()[0])));
        Assert.True((await run.StatusAsync()).GetProperty("loop").GetProperty("paused").GetBoolean());
    }

    [Fact]
    public async Task ParkedAdapter_KilledAndRestarted_StillParkedWithItsRestartsAndBlock_UntilRestarted()
    {
        await using var run = await BusRun.StartAsync(adapters: "  - { name: crasher, kind: synthetic, crash_rate: 1.0, restart: { min_backoff: 100ms, max_backoff: 200ms, random_factor: 0, max_retries: 2 } }");
        await Eventually.AssertAsync(
            () => Assert.Equal("parked", StateOf(run, "crasher").GetAwaiter().GetResult()),
            TimeSpan.FromSeconds(30),
            TimeSpan.FromMilliseconds(200));
        await Task.Delay(500); // the journal writes within milliseconds; the kill must not race the park itself

        await run.KillHardAsync();
        await run.RestartAsync();

        var status = await run.StatusAsync();
        var crasher = status.GetProperty("adapters").EnumerateArray().Single(static a => a.GetProperty("name").GetString() == "crasher");
        Assert.Equal(("parked", 2L, "BLOCK"), (crasher.GetProperty("state").GetString(), crasher.GetProperty("restarts").GetInt64(), crasher.GetProperty("r_axis").GetString()));
        Assert.Contains(run.Events(), static e => e.GetProperty("type").GetString() == "r_axis" && e.GetProperty("scope").GetString() == "adapter:crasher"
            && e.GetProperty("reason").GetString()!.Contains("journal", StringComparison.Ordinal));

        run.Append(Lines("""{"id":"r","cmd":"restart_adapter","args":{"name":"crasher"}}"""));
        await run.WaitForAcksAsync(1);
        Assert.Equal("parked", Assert.Single(run.Acks()).GetProperty("result").GetProperty("was").GetString());
    }

    [Fact]
    public async Task StopCommand_CleanExit_NextRunDoesNotStopAgain_JournalInfoAndExportShowIt()
    {
        await using var run = await BusRun.StartAsync();
        run.Append(Lines("""{"id":"p","cmd":"pause"}""", """{"id":"s","cmd":"stop"}"""));
        Assert.Equal(0, await run.Process.WaitForExitAsync(TimeSpan.FromSeconds(30)));

        await run.RestartAsync();
        var ticks = run.Ticks;
        await run.WaitForTicksAsync(ticks + 3); // still running: the stop line was not read again
        Assert.Equal(2, run.Acks().Count);

        var (infoCode, info, _) = await LoopProcess.RunAsync(run.Path, "journal", "info", "--spec", run.SpecPath, "--json");
        var export = Path.Combine(run.Path, "audit.jsonl");
        var (exportCode, exported, _) = await LoopProcess.RunAsync(run.Path, "journal", "export", "--spec", run.SpecPath, "--out", export);

        Assert.Equal((0, 0), (infoCode, exportCode));
        using var infoJson = JsonDocument.Parse(info);
        Assert.True(infoJson.RootElement.GetProperty("events").GetInt64() >= 6); // started, tailing, 2 commands, stopped, started
        Assert.Contains("exported", exported, StringComparison.Ordinal);
        var trail = RunFiles.JsonLines(export);
        Assert.Equal(["p", "s"], trail.Where(static e => e.GetProperty("kind").GetString() == "command").Select(static e => e.GetProperty("id").GetString()));
        Assert.Equal(["started", "tailing", "stopped", "started"], trail.Where(static e => e.GetProperty("kind").GetString() == "lifecycle").Select(static e => e.GetProperty("event").GetString()));
        Assert.Equal(trail.Select(static e => e.GetProperty("seq").GetInt64()).Order(), trail.Select(static e => e.GetProperty("seq").GetInt64()));
    }

    [Theory]
    [InlineData(7, "schema version 7, newer than this loop knows (2)")]
    [InlineData(1, "was written by loop's own journal (schema 1), which this loop (Akka.Persistence.Sql, schema 2) does not read; keep its audit trail with the loop that wrote it (loop journal export --out audit.jsonl)")]
    public async Task JournalOfAnotherLayout_RunRefusedInOneLine_FileUntouched(int version, string says)
    {
        using var scratch = new ScratchDirectory();
        var db = Path.Combine(scratch.Path, "data", "loop.db");
        Directory.CreateDirectory(Path.GetDirectoryName(db)!);
        await using (var connection = new SqliteConnection($"Data Source={db};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var create = connection.CreateCommand();
            // Version 1 is the journal loop wrote before Akka.Persistence.Sql, with its own 'journal' table.
            create.CommandText = $$"""
                CREATE TABLE journal_schema (version INTEGER NOT NULL); INSERT INTO journal_schema VALUES ({{version}});
                CREATE TABLE journal (persistence_id TEXT NOT NULL, sequence_nr INTEGER NOT NULL, manifest TEXT NOT NULL, payload TEXT NOT NULL, written_at TEXT NOT NULL, PRIMARY KEY (persistence_id, sequence_nr));
                INSERT INTO journal VALUES ('engine', 1, 'command', '{"id":"c1","cmd":"pause","applied":true}', '2026-11-20T10:00:00Z');
                """;
            await create.ExecuteNonQueryAsync();
        }

        var before = await File.ReadAllBytesAsync(db);
        var (code, stdout, stderr) = await LoopProcess.RunAsync(scratch.Path, "run", "--port", "0", "--ticks", "3");

        Assert.Equal(2, code);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(says, line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stdout + stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("engine started", stdout, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllBytesAsync(db));
    }

    [Fact]
    public async Task PostgresNotThere_RunRefusedInOneLine()
    {
        using var scratch = new ScratchDirectory();
        var spec = Path.Combine(scratch.Path, "pg.yaml");
        await File.WriteAllTextAsync(spec, $"storage: {{ provider: postgres, connection: \"Host=127.0.0.1;Port={FreePort.Next()};Username=loop;Database=loop;Timeout=5\" }}\n");

        var (code, stdout, stderr) = await LoopProcess.RunAsync(scratch.Path, "run", "--spec", spec, "--port", "0", "--ticks", "3");

        Assert.NotEqual(0, code);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("loop: cannot open the postgres journal (127.0.0.1:", line, StringComparison.Ordinal);
        Assert.Contains("check that the server is up", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stdout + stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("engine started", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JournalCommands_NoJournalThere_OneLineExitTwo()
    {
        using var scratch = new ScratchDirectory();

        var (code, _, stderr) = await LoopProcess.RunAsync(scratch.Path, "journal", "info", "--data", Path.Combine(scratch.Path, "nowhere"));

        Assert.Equal(2, code);
        Assert.Contains("no journal at", Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
    }

    private static async Task<string?> StateOf(BusRun run, string adapter) =>
        (await run.StatusAsync()).GetProperty("adapters").EnumerateArray().Single(a => a.GetProperty("name").GetString() == adapter).GetProperty("state").GetString();

    private static string Lines(params string[] lines) => string.Join("\n", lines) + "\n";
}
