using Loop.Engine.Journal;
using Loop.Engine.Spec;
using Loop.Engine.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Loop.Engine.Tests.Journal;

/// <summary>
/// What the engine checks before Akka.Persistence.Sql touches a database (a real SQLite file, test.sh's
/// PostgreSQL): WAL, loop's version row, and one line for a layout it must refuse.
/// </summary>
public sealed class JournalDatabaseTests : IDisposable
{
    private readonly ScratchDirectory _scratch = new();

    private string File => Path.Combine(_scratch.Path, "data", "loop.db");

    private JournalDatabase Sqlite => JournalDatabase.For(new StorageSection("sqlite", $"Data Source={File}"));

    [Fact]
    public async Task Prepare_NewSqliteFile_FolderMade_WalMode_VersionRowWritten()
    {
        await Sqlite.PrepareAsync(create: true, default);

        Assert.Equal("wal", await ScalarAsync("PRAGMA journal_mode;"));
        Assert.Equal(2L, await ScalarAsync("SELECT MAX(version) FROM journal_schema;"));
        await Sqlite.PrepareAsync(create: true, default); // and again: a journal of loop's own opens
        Assert.Equal(1L, await ScalarAsync("SELECT COUNT(*) FROM journal_schema;"));
    }

    [Fact]
    public async Task Prepare_NoFile_NotCreated_ForLoopJournal()
    {
        var error = await Assert.ThrowsAsync<JournalException>(() => Sqlite.PrepareAsync(create: false, default));

        Assert.StartsWith("no journal at ", error.Message, StringComparison.Ordinal);
        Assert.False(System.IO.File.Exists(File));
    }

    [Fact]
    public async Task Prepare_ATableLoopDidNotWrite_Refused()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(File)!);
        await ExecuteAsync("CREATE TABLE snapshot (id INTEGER);");

        var error = await Assert.ThrowsAsync<JournalException>(() => Sqlite.PrepareAsync(create: true, default));

        Assert.Contains("has a 'snapshot' table that loop did not write (no journal_schema); point --data at a database of loop's own", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, "was written by loop's own journal (schema 1)")]
    [InlineData(3, "schema version 3, newer than this loop knows (2)")]
    public async Task Prepare_Postgres_OtherLayouts_Refused(int version, string says)
    {
        await using var database = await ThrowawayDatabase.CreateAsync();
        await database.RunAsync($"CREATE TABLE loop_journal_schema (version INTEGER NOT NULL); INSERT INTO loop_journal_schema VALUES ({version});");

        var error = await Assert.ThrowsAsync<JournalException>(() => JournalDatabase.For(new StorageSection("postgres", database.ConnectionString)).PrepareAsync(create: true, default));

        Assert.Contains(says, error.Message, StringComparison.Ordinal);
        Assert.Contains("storage.connection", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Prepare_Postgres_Empty_VersionRowWritten()
    {
        await using var database = await ThrowawayDatabase.CreateAsync();

        await JournalDatabase.For(new StorageSection("postgres", database.ConnectionString)).PrepareAsync(create: true, default);

        await using var connection = new Npgsql.NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var select = new Npgsql.NpgsqlCommand("SELECT MAX(version) FROM loop_journal_schema;", connection);
        Assert.Equal(2, await select.ExecuteScalarAsync());
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _scratch.Dispose();
    }

    private async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={File};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    private Task ExecuteAsync(string sql) => ScalarAsync(sql);
}
