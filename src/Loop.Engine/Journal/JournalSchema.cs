using System.Data.Common;

namespace Loop.Engine.Journal;

/// <summary>
/// Which journal layout a database holds, from the version row loop writes beside Akka.Persistence.Sql's
/// tables: 1 was loop's own journal (before Akka.Persistence.Sql), 2 is Akka.Persistence.Sql's. Checked
/// before Akka touches the database, so a journal this loop must refuse is left exactly as it was.
/// </summary>
internal static class JournalSchema
{
    /// <summary>The layout this binary writes and reads.</summary>
    public const int Version = 2;

    /// <summary>Loop's own journal, which this binary refuses (README: Upgrading from the hand-written journal).</summary>
    public const int HandWritten = 1;

    /// <summary>
    /// Refuses a newer, older or foreign layout in one line; on an empty database (and <paramref name="create"/>),
    /// writes the version row so the tables Akka creates next are known as loop's.
    /// </summary>
    /// <param name="connection">An open connection to the database.</param>
    /// <param name="database">What kind of database it is and how to ask it.</param>
    /// <param name="where">The journal, as a user knows it.</param>
    /// <param name="elsewhere">What to point elsewhere instead (--data, storage.connection).</param>
    /// <param name="create">Whether an empty database is made a journal (false for <c>loop journal</c>: it only reads).</param>
    /// <param name="cancellationToken">Gives up waiting.</param>
    public static async Task CheckAsync(DbConnection connection, JournalDatabase database, string where, string elsewhere, bool create, CancellationToken cancellationToken)
    {
        long? version = null;
        if (await database.HasTableAsync(connection, database.SchemaTable, cancellationToken).ConfigureAwait(false))
        {
            version = await JournalDatabase.ScalarAsync(connection, $"SELECT MAX(version) FROM {database.SchemaTable};", cancellationToken).ConfigureAwait(false) is { } found and not DBNull ? Convert.ToInt64(found, System.Globalization.CultureInfo.InvariantCulture) : null;
        }

        if (version > Version)
        {
            throw new JournalException($"{where} has schema version {version}, newer than this loop knows ({Version}); run the loop that wrote it, or point {elsewhere} at another one");
        }

        if (version == HandWritten)
        {
            throw new JournalException($"{where} was written by loop's own journal (schema 1), which this loop (Akka.Persistence.Sql, schema {Version}) does not read; keep its audit trail with the loop that wrote it (loop journal export --out audit.jsonl), then move it aside or point {elsewhere} at another one, and start again");
        }

        if (version is null)
        {
            foreach (var table in new[] { "journal", "snapshot" })
            {
                if (await database.HasTableAsync(connection, table, cancellationToken).ConfigureAwait(false))
                {
                    throw new JournalException($"{where} has a '{table}' table that loop did not write (no {database.SchemaTable}); point {elsewhere} at a database of loop's own");
                }
            }

            if (create)
            {
                await JournalDatabase.ExecuteAsync(connection, $"CREATE TABLE IF NOT EXISTS {database.SchemaTable} (version INTEGER NOT NULL); INSERT INTO {database.SchemaTable} (version) VALUES ({Version});", cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
