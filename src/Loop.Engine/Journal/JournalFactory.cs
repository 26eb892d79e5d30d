using Loop.Engine.Spec;

namespace Loop.Engine.Journal;

/// <summary>The journal the spec's <c>storage</c> names, opened; a store that cannot be used is one clear line.</summary>
internal static class JournalFactory
{
    public static IJournal Create(StorageSection storage) => storage.Provider switch
    {
        "postgres" => new PostgresJournal(storage.Connection),
        _ => new SqliteJournal(storage.Connection),
    };

    /// <summary>Creates and opens it; problems (unreachable server, unreadable file, newer schema) become <see cref="JournalException"/>.</summary>
    public static async Task<IJournal> OpenAsync(StorageSection storage, CancellationToken cancellationToken)
    {
        var journal = Create(storage);
        try
        {
            await journal.OpenAsync(cancellationToken).ConfigureAwait(false);
            return journal;
        }
        catch (Exception ex) when (ex is not JournalException and not OperationCanceledException and not OutOfMemoryException)
        {
            await journal.DisposeAsync().ConfigureAwait(false);
            var fix = storage.Provider == "postgres" ? "check that the server is up and storage.connection (host, port, user, database)" : "check storage.connection or --data (a writable folder)";
            throw new JournalException($"cannot open the {storage.Provider} journal ({Where(storage)}): {FirstLine(ex.Message)}; {fix}", ex);
        }
        catch (JournalException)
        {
            await journal.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Where the journal is, without a password.</summary>
    public static string Where(StorageSection storage)
    {
        try
        {
            return storage.Provider == "postgres"
                ? new Npgsql.NpgsqlConnectionStringBuilder(storage.Connection) is var pg ? $"{pg.Host}:{pg.Port}/{pg.Database}" : string.Empty
                : new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(storage.Connection).DataSource;
        }
        catch (ArgumentException)
        {
            return "storage.connection";
        }
    }

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();
}
