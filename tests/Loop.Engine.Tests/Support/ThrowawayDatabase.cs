using Npgsql;

namespace Loop.Engine.Tests.Support;

/// <summary>
/// A fresh database on the throwaway PostgreSQL cluster test.sh starts (LOOP_TEST_POSTGRES), dropped on
/// dispose, so each test sees an empty journal.
/// </summary>
public sealed class ThrowawayDatabase : IAsyncDisposable
{
    private readonly string _admin;

    private ThrowawayDatabase(string admin, string name)
    {
        _admin = admin;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(admin) { Database = name, Pooling = false }.ConnectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    /// <summary>The cluster's admin connection string; a clear failure when the tests were not started by test.sh.</summary>
    public static string Admin =>
        Environment.GetEnvironmentVariable("LOOP_TEST_POSTGRES") is { Length: > 0 } admin
            ? admin
            : throw new InvalidOperationException("LOOP_TEST_POSTGRES is not set: run the tests with ./test.sh, which starts a throwaway PostgreSQL cluster (or set it to a server's connection string)");

    public static async Task<ThrowawayDatabase> CreateAsync()
    {
        var database = new ThrowawayDatabase(Admin, "loop_test_" + Guid.NewGuid().ToString("N")[..16]);
        await database.ExecuteAsync($"CREATE DATABASE {database.Name};");
        return database;
    }

    /// <summary>Runs SQL in this database.</summary>
    public async Task RunAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// Makes the database unreachable (no one may connect, open sessions end) or reachable again: to the
    /// engine it looks like a server that stopped and came back, while the other tests' databases go on.
    /// </summary>
    public async Task SetReachableAsync(bool reachable)
    {
        await ExecuteAsync($"ALTER DATABASE {Name} ALLOW_CONNECTIONS {(reachable ? "true" : "false")};");
        if (!reachable)
        {
            await ExecuteAsync($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{Name}' AND pid <> pg_backend_pid();");
        }
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync($"DROP DATABASE IF EXISTS {Name} WITH (FORCE);");
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_admin) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
