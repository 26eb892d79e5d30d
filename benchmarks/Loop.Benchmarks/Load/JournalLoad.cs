using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Loop.Actors.Adapters;
using Loop.Actors.Loop;
using Akka.Actor;
using Loop.Engine.Journal;
using Loop.Engine.Persistence;
using Loop.Engine.Spec;

namespace Loop.Benchmarks.Load;

/// <summary>
/// The journal under load (issues 7 and 15): throughput through the JournalWriter with one command in
/// flight and with many, recovery time for N events with and without snapshots, and the tick jitter of a
/// loop while the journal is busy versus idle. Akka.Persistence.Sql on SQLite in a temp folder, or on
/// PostgreSQL when a connection string is given (LOOP_BENCH_POSTGRES).
/// </summary>
public static class JournalLoad
{
    private static readonly JsonElement NoArgs = JsonDocument.Parse("{}").RootElement;

    /// <summary>Events per second through the writer: one command in flight (each waits for the last), then <paramref name="inFlight"/> (as the bus pipelines them).</summary>
    public static void RunAppend(string provider, TimeSpan window, int inFlight, int snapshotEvery = 10_000)
    {
        Console.WriteLine($"journal-append: {provider}, {window.TotalSeconds:0} s per scenario, {Environment.ProcessorCount} cores");
        foreach (var (scenario, commands) in new[] { ("one_in_flight", 1), ("pipelined", inFlight) })
        {
            using var store = Store.Create(provider);
            var system = store.Open();
            var writer = system.ActorOf(Props.Create(() => new JournalWriter(StateJournalSettings.Engine(snapshotEvery, 100_000), null)), "journal");
            writer.Ask<JournalWriter.RecoveredJournal>(JournalWriter.AwaitRecovery.Instance, TimeSpan.FromSeconds(30)).Wait();
            var done = new TaskCompletionSource<(long Events, TimeSpan Elapsed)>();
            system.ActorOf(Props.Create(() => new PipelinedBus(writer, commands, window, done, long.MaxValue)), "bus");
            var (events, elapsed) = done.Task.GetAwaiter().GetResult();
            writer.Ask<Loop.Engine.Output.Flush>(Loop.Engine.Output.Flush.Instance, TimeSpan.FromSeconds(30)).Wait();
            Console.WriteLine($"  journal_writer {scenario} ({commands} in flight, snapshot every {snapshotEvery}): {events / elapsed.TotalSeconds:0} commands/s (plus an adapter event every 9th)");
        }
    }

    /// <summary>Recovery of <paramref name="events"/> events (90% commands, the rest adapter changes) with snapshots every 1000 and without.</summary>
    public static void RunRecovery(string provider, int events, int repeats)
    {
        Console.WriteLine($"journal-recovery: {provider}, {events} events, {repeats} recoveries each (median; the first is cold)");
        foreach (var (scenario, snapshotEvery) in new[] { ("snapshots_every_1000", 1000), ("no_snapshots", int.MaxValue) })
        {
            using var store = Store.Create(provider);
            var system = store.Open();
            // No once-a-second floor here: where the last snapshot lands must not depend on how fast this machine wrote.
            var settings = new StateJournalSettings(snapshotEvery, TimeSpan.Zero, 100_000, false);
            var writer = system.ActorOf(Props.Create(() => new JournalWriter(settings, null)), "journal");
            var done = new TaskCompletionSource<(long Events, TimeSpan Elapsed)>();
            system.ActorOf(Props.Create(() => new PipelinedBus(writer, 500, TimeSpan.MaxValue, done, events * 9 / 10)), "bus");
            done.Task.GetAwaiter().GetResult();
            writer.Ask<Loop.Engine.Output.Flush>(Loop.Engine.Output.Flush.Instance, TimeSpan.FromSeconds(60)).Wait();
            writer.GracefulStop(TimeSpan.FromSeconds(10)).Wait();

            // As a real run leaves it: events.jsonl's last ack names the last command.
            var eventsPath = Path.Combine(store.Folder, "events.jsonl");
            var times = new List<double>();
            var streams = new List<string>();
            RecoveredEngine? last = null;
            for (var i = 0; i < repeats; i++)
            {
                // What a start waits for: both streams replayed (snapshot + events after it), then the owed acks read.
                var started = Stopwatch.GetTimestamp();
                var again = system.ActorOf(Props.Create(() => new JournalWriter(settings, null)), "journal-" + i);
                var journal = again.Ask<JournalWriter.RecoveredJournal>(JournalWriter.AwaitRecovery.Instance, TimeSpan.FromSeconds(60)).GetAwaiter().GetResult();
                if (i == 0)
                {
                    File.WriteAllText(eventsPath, $"{{\"type\":\"ack\",\"ok\":true,\"journal_seq\":{journal.Engine.LastSequence}}}\n");
                }

                last = EngineRecovery.RecoverAsync(system, journal, eventsPath, TimeProvider.System, default).GetAwaiter().GetResult();
                times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                streams.Add($"{journal.Engine.Elapsed.TotalMilliseconds:0}/{journal.Adapters.Elapsed.TotalMilliseconds:0}");
                again.GracefulStop(TimeSpan.FromSeconds(10)).Wait();
            }

            Console.WriteLine($"  {scenario}: last sequence {last!.LastSequence}, snapshot at {last.SnapshotSequence}, {last.Replayed} events replayed; " +
                $"first {times[0]:0.0} ms, median {Measurements.Percentiles.Of(times, 50):0.0} ms (of which the streams' own replay, engine/adapters ms: {string.Join(", ", streams)})");
        }
    }

    /// <summary>Tick jitter of a loop with <paramref name="adapters"/> adapters while the journal idles, then while it takes <paramref name="rate"/> events/s.</summary>
    public static void RunJitter(int adapters, TimeSpan window, int rate)
    {
        using var store = Store.Create("sqlite");
        var system = store.Open();
        var writer = system.ActorOf(Props.Create(() => new JournalWriter(StateJournalSettings.Engine(1000, 100_000), null)), "journal");
        var definitions = LoopLoad.Synthetic(adapters);
        using var stop = new CancellationTokenSource();
        var sent = 0L;
        var producer = new Thread(() =>
        {
            // Paced like a steady bus: a burst every 10 ms.
            var perBurst = Math.Max(1, rate / 100);
            var next = Stopwatch.GetTimestamp();
            while (!stop.IsCancellationRequested)
            {
                for (var i = 0; i < perBurst; i++)
                {
                    writer.Tell(new JournalWriter.PersistCommand(Record(Interlocked.Increment(ref sent))), ActorRefs.NoSender);
                }

                next += Stopwatch.Frequency / 100;
                var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), next);
                if (wait > TimeSpan.Zero)
                {
                    Thread.Sleep(wait);
                }
            }
        }) { IsBackground = true };

        LoopLoad.Run("journal_idle", $"{adapters} synthetic adapters, journal open and idle", definitions, window, TimeSpan.FromMilliseconds(200), TimeSpan.Zero, measureMemory: false);
        long before = 0;
        var measured = Stopwatch.StartNew();
        LoopLoad.Run(
            "journal_busy",
            $"{adapters} synthetic adapters, the journal taking {rate} commands/s",
            definitions,
            window,
            TimeSpan.FromMilliseconds(200),
            TimeSpan.Zero,
            measureMemory: false,
            onMeasuring: on =>
            {
                if (on)
                {
                    before = Interlocked.Read(ref sent);
                    measured.Restart();
                }
                else
                {
                    Console.WriteLine($"  journaled during the window: {(Interlocked.Read(ref sent) - before) / measured.Elapsed.TotalSeconds:0} commands/s");
                }
            },
            onWarmup: producer.Start);
        stop.Cancel();
        producer.Join();
        writer.Ask<Loop.Engine.Output.Flush>(Loop.Engine.Output.Flush.Instance, TimeSpan.FromSeconds(60)).Wait();
    }

    /// <summary>A command as the bus journals it, with an ack of a typical size (~200 bytes).</summary>
    private static CommandRecord Record(long n) => new(
        "c-" + n.ToString(CultureInfo.InvariantCulture),
        n % 2 == 0 ? "pause" : "resume",
        true,
        NoArgs,
        n * 40,
        n,
        Encoding.UTF8.GetBytes($$"""{"ts":"2026-11-22T09:30:00.000Z","type":"ack","id":"c-{{n}}","cmd":"pause","ok":true,"result":{"paused":true,"changed":true,"by_block":false,"next_tick":{{n}}},"source":"file","line":{{n}}}"""));

    /// <summary>Like the bus: keeps N commands in flight, sends one more per answer, until the window or the count is done.</summary>
    private sealed class PipelinedBus : ReceiveActor
    {
        private readonly IActorRef _writer;
        private readonly Stopwatch _watch = Stopwatch.StartNew();
        private long _sent;
        private long _answered;

        public PipelinedBus(IActorRef writer, int inFlight, TimeSpan window, TaskCompletionSource<(long, TimeSpan)> done, long maxCommands = long.MaxValue)
        {
            _writer = writer;
            Receive<JournalWriter.CommandPersisted>(_ =>
            {
                _answered++;
                if (_watch.Elapsed < window && _sent < maxCommands)
                {
                    Send();
                }
                else if (_answered == _sent)
                {
                    done.TrySetResult((_answered, _watch.Elapsed));
                }

                // Every tenth command, a loop event too, as restarts and signals come in a real run.
                if (_answered % 9 == 0)
                {
                    Context.System.EventStream.Publish(new AdapterStateChanged("a" + (_answered % 50), AdapterState.Backoff, AdapterState.Running, "restarted", null, TimeProvider.System.GetUtcNow()) { Restarts = _answered });
                }
            });
            for (var i = 0; i < inFlight; i++)
            {
                Send();
            }

            Context.System.EventStream.Subscribe(writer, typeof(AdapterStateChanged));
        }

        private void Send() => _writer.Tell(new JournalWriter.PersistCommand(Record(++_sent)), Self);
    }

    /// <summary>A fresh store: a SQLite file in a temp folder, or a fresh database on LOOP_BENCH_POSTGRES's server.</summary>
    private sealed class Store : IDisposable
    {
        private readonly string? _adminConnection;
        private readonly string? _database;
        private JournalReaderHost? _host;

        private Store(string folder, StorageSection storage, string? admin, string? database)
        {
            Folder = folder;
            Storage = storage;
            _adminConnection = admin;
            _database = database;
        }

        public string Folder { get; }

        public StorageSection Storage { get; }

        public static Store Create(string provider)
        {
            var folder = Directory.CreateTempSubdirectory("loop-journal-bench-").FullName;
            if (provider != "postgres")
            {
                return new Store(folder, new StorageSection("sqlite", $"Data Source={Path.Combine(folder, "loop.db")}"), null, null);
            }

            var admin = Environment.GetEnvironmentVariable("LOOP_BENCH_POSTGRES") ?? throw new InvalidOperationException("set LOOP_BENCH_POSTGRES to a PostgreSQL connection string");
            var database = "loop_bench_" + Guid.NewGuid().ToString("N")[..12];
            Execute(admin, $"CREATE DATABASE {database};");
            return new Store(folder, new StorageSection("postgres", new Npgsql.NpgsqlConnectionStringBuilder(admin) { Database = database }.ConnectionString), admin, database);
        }

        /// <summary>An actor system with the engine's Akka.Persistence settings on this store (Akka.Hosting, as the engine starts it).</summary>
        public ActorSystem Open()
        {
            var database = JournalDatabase.For(Storage);
            database.PrepareAsync(create: true, default).GetAwaiter().GetResult();
            _host = JournalReaderHost.StartAsync(database, default).GetAwaiter().GetResult();
            return _host.System;
        }

        public void Dispose()
        {
            _host?.DisposeAsync().AsTask().Wait();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Npgsql.NpgsqlConnection.ClearAllPools();
            if (_adminConnection is not null)
            {
                Execute(_adminConnection, $"DROP DATABASE IF EXISTS {_database} WITH (FORCE);");
            }

            Directory.Delete(Folder, recursive: true);
        }

        private static void Execute(string connection, string sql)
        {
            using var c = new Npgsql.NpgsqlConnection(connection);
            c.Open();
            using var command = new Npgsql.NpgsqlCommand(sql, c);
            command.ExecuteNonQuery();
        }
    }
}
