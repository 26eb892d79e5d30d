using Loop.Engine.Journal;
using Loop.Engine.Tests.Support;

namespace Loop.Engine.Tests.Journal;

/// <summary>The journal contract on a real PostgreSQL server (test.sh's throwaway cluster), one fresh database per test.</summary>
public sealed class PostgresJournalTests : JournalContractTests, IAsyncLifetime
{
    private ThrowawayDatabase? _database;

    public async Task InitializeAsync() => _database = await ThrowawayDatabase.CreateAsync();

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    private protected override IJournal Create() => new PostgresJournal(_database!.ConnectionString);

    private protected override Task WriteSchemaVersionAsync(int version) => _database!.RunAsync($"INSERT INTO loop_journal_schema (version) VALUES ({version});");
}
