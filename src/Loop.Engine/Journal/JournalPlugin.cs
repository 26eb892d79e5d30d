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
                akka.persistence.journal.sql.circuit-breaker { call-timeout = 10s, reset-timeout = 1s }
                akka.persistence.snapshot-store.sql.circuit-breaker { call-timeout = 10s, reset-timeout = 1s }
                """),
            HoconAddMode.Prepend);
}
