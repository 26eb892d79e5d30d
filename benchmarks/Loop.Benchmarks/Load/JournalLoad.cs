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
/// The journal under load (issue 7): append throughput one event per transaction versus through the
/// batching JournalWriter, recovery time for N events with and without snapshots, and the tick jitter
/// of a loop while the journal is busy versus idle. SQLite in a temp folder, or PostgreSQL when a
/// connection string is given (LOOP_BENCH_POSTGRES).
/// </summary>
public static class JournalLoad
{
    private static readonly JsonElement NoArgs = JsonDocument.Parse("{}").RootElement;

    /// <summary>Events per second: one transaction per event, then the writer with a bus keeping <paramref name="inFlight"/> commands in flight.</summary>
    public static void RunAppend(string provider, TimeSpan window, int inFlight, int snapshotEvery = 10_000)
    {
        Console.WriteLine($"journal-append: {provider}, {window.TotalSeconds:0} s per scenario, {Environment.ProcessorCount} cores");
        using (var store = Store.Create(provider))
        {
            var journal = store.Open();
            var sequence = 0L;
            var watch = Stopwatch.StartNew();
            while (watch.Elapsed < window)
            {
                journal.AppendAsync([Event(++sequence)], default).GetAwaiter().GetResult();
            }

            Console.WriteLine($"  one_event_per_transaction: {sequence / watch.Elapsed.TotalSeconds:0} events/s");
            journal.DisposeAsync().AsTask().Wait();
        }

        using (var store = Store.Create(provider))
        {
            var counting = new CountingJournal(store.Open());
            var system = ActorSystem.Create("journal-append", Loop.Actors.LoopActorsConfig.Default);
            var writer = system.ActorOf(Props.Create(() => new JournalWriter(counting, new EngineState(), 0, 0, snapshotEvery)), "journal");
            var done = new TaskCompletionSource<(long Events, TimeSpan Elapsed)>();
            system.ActorOf(Props.Create(() => new PipelinedBus(writer, inFlight, window, done)), "bus");
            var (events, elapsed) = done.Task.GetAwaiter().GetResult();
            writer.Ask<Loop.Engine.Output.Flush>(Loop.Engine.Output.Flush.Instance, TimeSpan.FromSeconds(30)).Wait();
            Console.WriteLine($"  journal_writer ({inFlight} in flight, snapshot every {snapshotEvery}): {events / elapsed.TotalSeconds:0} events/s, {counting.Appends} transactions, {counting.Events / (double)Math.Max(1, counting.Appends):0.0} events per transaction");
            system.Terminate().Wait();
            counting.DisposeAsync().AsTask().Wait();
        }
    }

    /// <summary>Recovery of <paramref name="events"/> events (90% commands, the rest adapter changes and signals) with snapshots every 1000 and without.</summary>
    public static void RunRecovery(string provider, int events, int repeats)
    {
        Console.WriteLine($"journal-recovery: {provider}, {events} events, {repeats} recoveries each (median; the first is cold)");
        foreach (var (scenario, snapshotEvery) in new[] { ("snapshots_every_1000", 1000), ("no_snapshots", int.MaxValue) })
        {
            using var store = Store.Create(provider);
            var journal = store.Open();
            var system = ActorSystem.Create("journal-recovery", Loop.Actors.LoopActorsConfig.Default);
            // No once-a-second floor here: where the last snapshot lands must not depend on how fast this machine wrote.
            var writer = system.ActorOf(Props.Create(() => new JournalWriter(journal, new EngineState { AppliedIds = { Capacity = 100_000 } }, 0, 0, snapshotEvery, TimeSpan.Zero)), "journal");
            var done = new TaskCompletionSource<(long Events, TimeSpan Elapsed)>();
            system.ActorOf(Props.Create(() => new PipelinedBus(writer, 500, TimeSpan.MaxValue, done, maxCommands: events * 9 / 10)), "bus");
            done.Task.GetAwaiter().GetResult();
            writer.Ask<Loop.Engine.Output.Flush>(Loop.Engine.Output.Flush.Instance, TimeSpan.FromSeconds(60)).Wait();
            system.Terminate().Wait();

            // As a real run leaves it: events.jsonl's last ack names the last command.
            var info = journal.InfoAsync(default).GetAwaiter().GetResult();
            var eventsPath = Path.Combine(store.Folder, "events.jsonl");
            File.WriteAllText(eventsPath, $"{{\"type\":\"ack\",\"ok\":true,\"journal_seq\":{info.LastSequence}}}\n");
            var times = new List<double>();
            RecoveredEngine? last = null;
            for (var i = 0; i < repeats; i++)
            {
                last = EngineRecovery.RecoverAsync(journal, eventsPath, TimeProvider.System, default).GetAwaiter().GetResult();
                times.Add(last.Elapsed.TotalMilliseconds);
            }

            Console.WriteLine($"  {scenario}: last sequence {last!.LastSequence}, snapshot at {last.SnapshotSequence}, {last.Replayed} events replayed, {info.Events} rows kept; " +
                $"first {times[0]:0.0} ms, median {Measurements.Percentiles.Of(times, 50):0.0} ms");
            journal.DisposeAsync().AsTask().Wait();
        }
    }

    /// <summary>Tick jitter of a loop with <paramref name="adapters"/> adapters while the journal idles, then while it takes <paramref name="rate"/> events/s.</summary>
    public static void RunJitter(int adapters, TimeSpan window, int rate)
    {
        using var store = Store.Create("sqlite");
        var journal = store.Open();
        var system = ActorSystem.Create("journal-jitter", Loop.Actors.LoopActorsConfig.Default);
        var writer = system.ActorOf(Props.Create(() => new JournalWriter(journal, new EngineState(), 0, 0, 1000)), "journal");
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
        system.Terminate().Wait();
        journal.DisposeAsync().AsTask().Wait();
    }

    private static JournalEvent Event(long sequence) =>
        new(JournalManifests.PersistenceId, sequence, JournalManifests.Command, Encoding.UTF8.GetString(Record(sequence).Ack), TimeProvider.System.GetUtcNow());

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

    /// <summary>Counts transactions, to show the batching.</summary>
    private sealed class CountingJournal(IJournal inner) : IJournal
    {
        public long Appends { get; private set; }

        public long Events { get; private set; }

        public Task OpenAsync(CancellationToken cancellationToken) => inner.OpenAsync(cancellationToken);

        public Task AppendAsync(IReadOnlyList<JournalEvent> events, CancellationToken cancellationToken)
        {
            Appends++;
            Events += events.Count;
            return inner.AppendAsync(events, cancellationToken);
        }

        public IAsyncEnumerable<JournalEvent> ReadAsync(string persistenceId, long afterSequence, CancellationToken cancellationToken) => inner.ReadAsync(persistenceId, afterSequence, cancellationToken);

        public Task SaveSnapshotAsync(JournalSnapshot snapshot, CancellationToken cancellationToken) => inner.SaveSnapshotAsync(snapshot, cancellationToken);

        public Task<JournalSnapshot?> LoadSnapshotAsync(string persistenceId, CancellationToken cancellationToken) => inner.LoadSnapshotAsync(persistenceId, cancellationToken);

        public Task<long> DeleteEventsUpToAsync(string persistenceId, long sequence, IReadOnlyList<string> keep, CancellationToken cancellationToken) => inner.DeleteEventsUpToAsync(persistenceId, sequence, keep, cancellationToken);

        public Task<JournalInfo> InfoAsync(CancellationToken cancellationToken) => inner.InfoAsync(cancellationToken);

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }

    /// <summary>A fresh store: a SQLite file in a temp folder, or a fresh database on LOOP_BENCH_POSTGRES's server.</summary>
    private sealed class Store : IDisposable
    {
        private readonly string? _adminConnection;
        private readonly string? _database;

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

        public IJournal Open() => JournalFactory.OpenAsync(Storage, default).GetAwaiter().GetResult();

        public void Dispose()
        {
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
