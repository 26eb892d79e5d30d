using Loop.Engine.Journal;
using Loop.Engine.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Loop.Engine.Tests.Journal;

/// <summary>The journal contract on a real SQLite file, plus what only a file shows: WAL mode.</summary>
public sealed class SqliteJournalTests : JournalContractTests, IDisposable
{
    private readonly ScratchDirectory _scratch = new();

    private string File => Path.Combine(_scratch.Path, "data", "loop.db");

    [Fact]
    public async Task Open_WalMode()
    {
        await using var journal = await OpenAsync();
        await using var connection = new SqliteConnection($"Data Source={File}");
        await connection.OpenAsync();
        await using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA journal_mode;";

        Assert.Equal("wal", await pragma.ExecuteScalarAsync());
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _scratch.Dispose();
    }

    private protected override IJournal Create() => new SqliteJournal($"Data Source={File}");

    private protected override async Task WriteSchemaVersionAsync(int version)
    {
        await using var connection = new SqliteConnection($"Data Source={File};Pooling=False");
        await connection.OpenAsync();
        await using var bump = connection.CreateCommand();
        bump.CommandText = $"INSERT INTO journal_schema (version) VALUES ({version});";
        await bump.ExecuteNonQueryAsync();
    }
}
