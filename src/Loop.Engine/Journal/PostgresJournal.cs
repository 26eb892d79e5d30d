using System.Runtime.CompilerServices;
using Npgsql;
using NpgsqlTypes;

namespace Loop.Engine.Journal;

/// <summary>
/// The journal in PostgreSQL (spec <c>storage.provider: postgres</c>), for teams that run one. Same
/// contract and schema versioning as <see cref="SqliteJournal"/>; the tables are prefixed
/// <c>loop_</c> so they can share a database. A batch goes in one round trip and one transaction.
/// </summary>
internal sealed class PostgresJournal(string connectionString) : IJournal
{
    private NpgsqlDataSource? _dataSource;

    public async Task OpenAsync(CancellationToken cancellationToken)
    {
        _dataSource = NpgsqlDataSource.Create(connectionString);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, "CREATE TABLE IF NOT EXISTS loop_journal_schema (version INTEGER NOT NULL);", cancellationToken).ConfigureAwait(false);
        await using var check = new NpgsqlCommand("SELECT MAX(version) FROM loop_journal_schema;", connection);
        var version = await check.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        JournalSchema.RefuseNewer(version is int found ? found : null, $"the PostgreSQL journal (database {connection.Database})", "storage.connection");

        if (version is null or DBNull)
        {
            await ExecuteAsync(
                connection,
                $"""
                CREATE TABLE IF NOT EXISTS loop_journal (
                  persistence_id TEXT NOT NULL, sequence_nr BIGINT NOT NULL, manifest TEXT NOT NULL,
                  payload TEXT NOT NULL, written_at TIMESTAMPTZ NOT NULL, PRIMARY KEY (persistence_id, sequence_nr));
                CREATE TABLE IF NOT EXISTS loop_snapshots (
                  persistence_id TEXT NOT NULL, sequence_nr BIGINT NOT NULL, manifest TEXT NOT NULL,
                  payload TEXT NOT NULL, written_at TIMESTAMPTZ NOT NULL, PRIMARY KEY (persistence_id, sequence_nr));
                INSERT INTO loop_journal_schema (version) VALUES ({JournalSchema.Version});
                """,
                cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task AppendAsync(IReadOnlyList<JournalEvent> events, CancellationToken cancellationToken)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var e in events)
        {
            var insert = new NpgsqlBatchCommand("INSERT INTO loop_journal (persistence_id, sequence_nr, manifest, payload, written_at) VALUES ($1, $2, $3, $4, $5);");
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = e.PersistenceId });
            insert.Parameters.Add(new NpgsqlParameter<long> { TypedValue = e.Sequence });
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = e.Manifest });
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = e.Payload });
            insert.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = e.At.ToUniversalTime(), NpgsqlDbType = NpgsqlDbType.TimestampTz });
            batch.BatchCommands.Add(insert);
        }

        try
        {
            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
            var which = await FirstAlreadyWrittenAsync(connection, events, cancellationToken).ConfigureAwait(false);
            throw new JournalException(
                which is null
                    ? "an event of this batch is in it twice; nothing of this batch was written"
                    : $"event {which.Sequence} of '{which.PersistenceId}' is already in the journal; nothing of this batch was written",
                ex);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async IAsyncEnumerable<JournalEvent> ReadAsync(string persistenceId, long afterSequence, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var select = new NpgsqlCommand("SELECT sequence_nr, manifest, payload, written_at FROM loop_journal WHERE persistence_id = $1 AND sequence_nr > $2 ORDER BY sequence_nr;", connection);
        select.Parameters.Add(new NpgsqlParameter<string> { TypedValue = persistenceId });
        select.Parameters.Add(new NpgsqlParameter<long> { TypedValue = afterSequence });
        await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return new JournalEvent(persistenceId, reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3));
        }
    }

    public async Task SaveSnapshotAsync(JournalSnapshot snapshot, CancellationToken cancellationToken)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand(
                    """
                    INSERT INTO loop_snapshots (persistence_id, sequence_nr, manifest, payload, written_at) VALUES ($1, $2, $3, $4, $5)
                    ON CONFLICT (persistence_id, sequence_nr) DO UPDATE SET manifest = EXCLUDED.manifest, payload = EXCLUDED.payload, written_at = EXCLUDED.written_at;
                    """)
                {
                    Parameters =
                    {
                        new NpgsqlParameter<string> { TypedValue = snapshot.PersistenceId },
                        new NpgsqlParameter<long> { TypedValue = snapshot.Sequence },
                        new NpgsqlParameter<string> { TypedValue = snapshot.Manifest },
                        new NpgsqlParameter<string> { TypedValue = snapshot.Payload },
                        new NpgsqlParameter<DateTimeOffset> { TypedValue = snapshot.At.ToUniversalTime(), NpgsqlDbType = NpgsqlDbType.TimestampTz },
                    },
                },
                new NpgsqlBatchCommand("DELETE FROM loop_snapshots WHERE persistence_id = $1 AND sequence_nr < $2;")
                {
                    Parameters =
                    {
                        new NpgsqlParameter<string> { TypedValue = snapshot.PersistenceId },
                        new NpgsqlParameter<long> { TypedValue = snapshot.Sequence },
                    },
                },
            },
        };
        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<JournalSnapshot?> LoadSnapshotAsync(string persistenceId, CancellationToken cancellationToken)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var select = new NpgsqlCommand("SELECT sequence_nr, manifest, payload, written_at FROM loop_snapshots WHERE persistence_id = $1 ORDER BY sequence_nr DESC LIMIT 1;", connection);
        select.Parameters.Add(new NpgsqlParameter<string> { TypedValue = persistenceId });
        await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new JournalSnapshot(persistenceId, reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3))
            : null;
    }

    public async Task<long> DeleteEventsUpToAsync(string persistenceId, long sequence, IReadOnlyList<string> keep, CancellationToken cancellationToken)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var delete = new NpgsqlCommand("DELETE FROM loop_journal WHERE persistence_id = $1 AND sequence_nr <= $2 AND NOT (manifest = ANY($3));", connection);
        delete.Parameters.Add(new NpgsqlParameter<string> { TypedValue = persistenceId });
        delete.Parameters.Add(new NpgsqlParameter<long> { TypedValue = sequence });
        delete.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. keep] });
        return await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<JournalInfo> InfoAsync(CancellationToken cancellationToken)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var select = new NpgsqlCommand(
            """
            SELECT (SELECT COUNT(*) FROM loop_journal), (SELECT COUNT(*) FROM loop_snapshots),
                   (SELECT COALESCE(MAX(sequence_nr), 0) FROM loop_journal),
                   pg_total_relation_size('loop_journal') + pg_total_relation_size('loop_snapshots');
            """,
            connection);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return new JournalInfo(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), JournalSchema.Version);
    }

    public async ValueTask DisposeAsync()
    {
        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>After a refused batch: the first of its events whose place was already taken (the server's own message does not name it).</summary>
    private static async Task<JournalEvent?> FirstAlreadyWrittenAsync(NpgsqlConnection connection, IReadOnlyList<JournalEvent> events, CancellationToken cancellationToken)
    {
        foreach (var e in events)
        {
            await using var exists = new NpgsqlCommand("SELECT 1 FROM loop_journal WHERE persistence_id = $1 AND sequence_nr = $2;", connection);
            exists.Parameters.Add(new NpgsqlParameter<string> { TypedValue = e.PersistenceId });
            exists.Parameters.Add(new NpgsqlParameter<long> { TypedValue = e.Sequence });
            if (await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null)
            {
                return e;
            }
        }

        return null;
    }

    private NpgsqlDataSource DataSource => _dataSource ?? throw new InvalidOperationException("open the journal first (OpenAsync)");

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
