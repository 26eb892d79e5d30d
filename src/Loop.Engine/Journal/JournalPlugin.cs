using Akka.Configuration;
using Akka.Hosting;
using Akka.Persistence.Sql.Hosting;
using Loop.Engine.Persistence;

namespace Loop.Engine.Journal;

/// <summary>
/// The engine's Akka.Persistence: Akka.Persistence.Sql's journal, snapshot store and read journal on the
/// storage the spec names (Akka.Persistence.Sql.Hosting), loop's serializer for its events, and timeouts that
/// give up in seconds (a database that stops answering is the writer's to report, not a 30 s wait).
/// </summary>
internal static class JournalPlugin
{
    public static AkkaConfigurationBuilder WithLoopJournal(this AkkaConfigurationBuilder builder, JournalDatabase database) => builder
        .WithSqlPersistence(database.DataOptions(), autoInitialize: true)
        .WithCustomSerializer("loop-journal", [typeof(JournaledEvent), typeof(StateSnapshot)], static system => new JournalSerializer(system))
        .AddHocon(
            ConfigurationFactory.ParseString("""
                akka.persistence.journal-plugin-fallback.recovery-event-timeout = 10s
                # Replay reads 10,000 rows a query, not 1,000: 100,000 events without a snapshot replay in ~1.0 s instead of ~2.2 s (benchmarks/RESULTS.md).
                akka.persistence.journal.sql.replay-batch-size = 10000
                akka.persistence.journal.sql.circuit-breaker { call-timeout = 10s, reset-timeout = 1s }
                akka.persistence.snapshot-store.sql.circuit-breaker { call-timeout = 10s, reset-timeout = 1s }
                """),
            HoconAddMode.Prepend);
}
