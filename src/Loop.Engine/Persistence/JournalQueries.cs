using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;

namespace Loop.Engine.Persistence;

/// <summary>The journal read through Akka.Persistence.Query (Akka.Persistence.Sql's read journal): what recovery owes, <c>loop journal info</c> and <c>export</c>.</summary>
internal static class JournalQueries
{
    public static SqlReadJournal Of(ActorSystem system) =>
        PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);

    /// <summary>Every stream's id in the journal.</summary>
    public static Task<List<string>> PersistenceIdsAsync(ActorSystem system, CancellationToken cancellationToken) =>
        Of(system).CurrentPersistenceIds()
            .RunAggregate(new List<string>(), static (all, id) => { all.Add(id); return all; }, system.Materializer())
            .WaitAsync(cancellationToken);

    /// <summary>Every stream's event count and last sequence number.</summary>
    public static async Task<IReadOnlyList<(string PersistenceId, long Events, long LastSequence)>> StreamsAsync(ActorSystem system, CancellationToken cancellationToken)
    {
        var journal = Of(system);
        var materializer = system.Materializer();
        var ids = await PersistenceIdsAsync(system, cancellationToken).ConfigureAwait(false);
        var streams = new List<(string, long, long)>();
        foreach (var id in ids.Order(StringComparer.Ordinal))
        {
            var (events, last) = await journal.CurrentEventsByPersistenceId(id, 0, long.MaxValue)
                .RunAggregate((Events: 0L, Last: 0L), static (sum, e) => (sum.Events + 1, e.SequenceNr), materializer)
                .WaitAsync(cancellationToken)
                .ConfigureAwait(false);
            streams.Add((id, events, last));
        }

        return streams;
    }
}
