using System.Data.Common;
using LinqToDB;
using Loop.Engine.Spec;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Loop.Engine.Journal;

/// <summary>
/// The database behind the journal, as the spec's <c>storage</c> names it (SQLite by default, PostgreSQL):
/// where it is (without a password), how to reach it before Akka does (to refuse it in one line within
/// seconds), and how Akka.Persistence.Sql reaches it (linq2db's <see cref="DataOptions"/>).
/// </summary>
internal sealed class JournalDatabase
{
    /// <summary>How long the start waits for a PostgreSQL server the connection string gives no timeout for.</summary>
    private const int ConnectSeconds = 5;

    private JournalDatabase(StorageSection storage)
    {
        Storage = storage;
        IsPostgres = storage.Provider == "postgres";
    }

    public StorageSection Storage { get; }

    public bool IsPostgres { get; }

    /// <summary>Gets the table with loop's schema version (the names the journals before Akka.Persistence.Sql used too).</summary>
    public string SchemaTable => IsPostgres ? "loop_journal_schema" : "journal_schema";

    /// <summary>Gets the SQLite file; null for PostgreSQL.</summary>
    public string? File => IsPostgres ? null : Path.GetFullPath(new SqliteConnectionStringBuilder(Storage.Connection).DataSource);

    public static JournalDatabase For(StorageSection storage) => new(storage);

    /// <summary>Where the journal is, without a password.</summary>
    public string Where
    {
        get
        {
            try
            {
                return IsPostgres
                    ? new NpgsqlConnectionStringBuilder(Storage.Connection) is var pg ? $"{pg.Host}:{pg.Port}/{pg.Database}" : string.Empty
                    : new SqliteConnectionStringBuilder(Storage.Connection).DataSource;
            }
            catch (ArgumentException)
            {
                return "storage.connection";
            }
        }
    }

    /// <summary>What to point elsewhere to use another journal.</summary>
    private string Elsewhere => IsPostgres ? "storage.connection" : "--data";

    /// <summary>
    /// Opens the database, checks what it holds (<see cref="JournalSchema"/>), and for SQLite puts the file
    /// in WAL mode; anything wrong (unreachable, unreadable, a provider that cannot load, a schema it must
    /// refuse) is one <see cref="JournalException"/> naming what to do.
    /// </summary>
    /// <param name="create">Whether a missing journal is created (the engine) or reported (<c>loop journal</c>).</param>
    /// <param name="cancellationToken">Gives up waiting.</param>
    public async Task PrepareAsync(bool create, CancellationToken cancellationToken)
    {
        var label = IsPostgres ? $"the PostgreSQL journal ({Where})" : $"the journal at {Where}";
        if (!create && !IsPostgres && !System.IO.File.Exists(File))
        {
            throw new JournalException($"no journal at {Where}: the engine has not run with this storage yet; pass the --data (or --spec) it ran with");
        }

        try
        {
            if (create && File is { } file && Path.GetDirectoryName(file) is { } folder)
            {
                Directory.CreateDirectory(folder);
            }

            await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            await JournalSchema.CheckAsync(connection, this, label, Elsewhere, create, cancellationToken).ConfigureAwait(false);
            if (create && !IsPostgres)
            {
                // WAL is a property of the file: set once, every connection after reads it (readers never wait for the writer).
                await ExecuteAsync(connection, "PRAGMA journal_mode=WAL;", cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is not JournalException and not OperationCanceledException and not OutOfMemoryException)
        {
            var fix = IsPostgres ? "check that the server is up and storage.connection (host, port, user, database)" : "check storage.connection or --data (a writable folder)";
            throw new JournalException($"cannot open the {Storage.Provider} journal ({Where}): {ex.Message.Split('\n')[0].Trim()}; {fix}", ex);
        }
    }

    /// <summary>How Akka.Persistence.Sql reaches the database; SQLite's connections are set to synchronous=NORMAL as they open (WAL keeps it crash-safe).</summary>
    public DataOptions DataOptions() => IsPostgres
        ? new DataOptions().UseConnectionString(ProviderName.PostgreSQL, Storage.Connection)
        : new DataOptions()
            .UseConnectionString(ProviderName.SQLiteMS, Storage.Connection)
            .UseAfterConnectionOpened(
                static connection =>
                {
                    using var command = connection.CreateCommand();
                    command.CommandText = SynchronousNormal;
                    command.ExecuteNonQuery();
                },
                static (connection, token) => ExecuteAsync(connection, SynchronousNormal, token));

    /// <summary>A connection of the journal's provider, open.</summary>
    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        DbConnection connection = IsPostgres ? new NpgsqlConnection(WithConnectTimeout(Storage.Connection)) : new SqliteConnection(Storage.Connection);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async Task<bool> HasTableAsync(DbConnection connection, string table, CancellationToken cancellationToken)
    {
        var sql = IsPostgres
            ? $"SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = '{table}';"
            : $"SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '{table}';";
        return await LongAsync(connection, sql, cancellationToken).ConfigureAwait(false) > 0;
    }

    /// <summary>The journal's size on disk: the SQLite file (with its log), or the PostgreSQL tables.</summary>
    public async Task<long> SizeBytesAsync(DbConnection connection, CancellationToken cancellationToken) => IsPostgres
        ? await LongAsync(connection, "SELECT COALESCE(SUM(pg_total_relation_size(quote_ident(table_name))), 0) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name IN ('journal', 'snapshot', 'tags', 'journal_metadata', 'loop_journal_schema');", cancellationToken).ConfigureAwait(false)
        : new[] { File!, File + "-wal" }.Where(System.IO.File.Exists).Sum(static f => new FileInfo(f).Length);

    public static async Task<object?> ScalarAsync(DbConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A count or a size: SQLite answers long, PostgreSQL numeric or bigint.</summary>
    public static async Task<long> LongAsync(DbConnection connection, string sql, CancellationToken cancellationToken) =>
        Convert.ToInt64(await ScalarAsync(connection, sql, cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);

    public static async Task ExecuteAsync(DbConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private const string SynchronousNormal = "PRAGMA synchronous=NORMAL;";

    /// <summary>A connection string that gives up on an unreachable server within seconds, unless it says otherwise.</summary>
    private static string WithConnectTimeout(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!connectionString.Contains("timeout", StringComparison.OrdinalIgnoreCase))
        {
            builder.Timeout = ConnectSeconds;
        }

        return builder.ConnectionString;
    }
}
