using Loop.Engine.Journal;
using Loop.Engine.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Loop.Engine.Tests.Journal;

/// <summary>The journal contract on a real SQLite file, plus what only a file shows: WAL, reopening, a newer schema.</summary>
public sealed class SqliteJournalTests : JournalContractTests, IDisposable
{
    private readonly ScratchDirectory _scratch = new();

    private string File => Path.Combine(_scratch.Path, "data", "loop.db");

    [Fact]
    public async Task Reopen_EventsSurvive()
    {
        await using (var first = await OpenAsync())
        {
            await first.AppendAsync([Event("bus", 1), Event("bus", 2)], default);
        }

        await using var second = await OpenAsync();

        Assert.Equal([1L, 2], (await ReadAll(second, "bus", 0)).Select(e => e.Sequence));
    }

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

    [Fact]
    public async Task Open_SchemaNewerThanThisBinary_RefusedClearly()
    {
        await using (var journal = await OpenAsync())
        {
            await journal.AppendAsync([Event("bus", 1)], default);
        }

        await using (var connection = new SqliteConnection($"Data Source={File};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var bump = connection.CreateCommand();
            bump.CommandText = "INSERT INTO journal_schema (version) VALUES (2);";
            await bump.ExecuteNonQueryAsync();
        }

        var newer = Create();
        var error = await Assert.ThrowsAsync<JournalException>(() => newer.OpenAsync(default));
        await newer.DisposeAsync();

        Assert.Contains("schema version 2, newer than this loop knows (1)", error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _scratch.Dispose();
    }

    private protected override IJournal Create() => new SqliteJournal($"Data Source={File}");
}
