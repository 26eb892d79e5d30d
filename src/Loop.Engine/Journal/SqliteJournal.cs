using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace Loop.Engine.Journal;

/// <summary>
/// The journal in one SQLite file, in WAL mode (readers never wait for the writer; a crash loses at
/// most the transaction in flight). Schema versioned in <c>journal_schema</c>: a newer version than
/// <see cref="JournalSchema.Version"/> is refused with a clear message instead of being misread.
/// </summary>
internal sealed class SqliteJournal(string connectionString) : IJournal
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private static readonly TimeSpan CheckpointEvery = TimeSpan.FromSeconds(1);
    private readonly CancellationTokenSource _stopCheckpoints = new();
    private SqliteConnection? _connection;
    private Task _checkpoints = Task.CompletedTask;
    private int _disposed;
    private string _path = string.Empty;
    private (ulong Device, ulong Inode)? _identity;
    private volatile string? _fault;
    private int _writtenSinceCheckpoint;

    public async Task OpenAsync(CancellationToken cancellationToken)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (Path.GetDirectoryName(Path.GetFullPath(builder.DataSource)) is { } folder)
        {
            Directory.CreateDirectory(folder);
        }

        _connection = new SqliteConnection(connectionString);
        await _connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        // The version is read before anything is written: a journal this binary must refuse is left exactly as it was.
        var hasSchema = await ScalarAsync("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'journal_schema';", cancellationToken).ConfigureAwait(false) is long n && n > 0;
        var version = hasSchema ? await ScalarAsync("SELECT MAX(version) FROM journal_schema;", cancellationToken).ConfigureAwait(false) : null;
        JournalSchema.RefuseNewer(version as long?, $"the journal at {builder.DataSource}", "--data");

        await ExecuteAsync("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA wal_autocheckpoint=0;", cancellationToken).ConfigureAwait(false);
        await ExecuteAsync("CREATE TABLE IF NOT EXISTS journal_schema (version INTEGER NOT NULL);", cancellationToken).ConfigureAwait(false);
        if (version is null or DBNull)
        {
            await ExecuteAsync(
                $"""
                CREATE TABLE IF NOT EXISTS journal (
                  persistence_id TEXT NOT NULL, sequence_nr INTEGER NOT NULL, manifest TEXT NOT NULL,
                  payload TEXT NOT NULL, written_at TEXT NOT NULL, PRIMARY KEY (persistence_id, sequence_nr));
                CREATE TABLE IF NOT EXISTS snapshots (
                  persistence_id TEXT NOT NULL, sequence_nr INTEGER NOT NULL, manifest TEXT NOT NULL,
                  payload TEXT NOT NULL, written_at TEXT NOT NULL, PRIMARY KEY (persistence_id, sequence_nr));
                INSERT INTO journal_schema (version) VALUES ({JournalSchema.Version});
                """,
                cancellationToken).ConfigureAwait(false);
        }

        _path = builder.DataSource;
        _identity = Files.FileKinds.Identity(_path);
        _checkpoints = Task.Run(() => CheckpointAsync(_stopCheckpoints.Token), CancellationToken.None);
    }

    /// <inheritdoc />
    public string? Fault => _fault;

    private async Task CheckpointAsync(CancellationToken stop)
    {
        try
        {
            await using var connection = new SqliteConnection(connectionString);
            await connection.OpenAsync(stop).ConfigureAwait(false);
            await using var checkpoint = connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
            checkpoint.CommandTimeout = 1; // busy now: give up at once and try at the next tick, so closing never waits on it
            using var timer = new PeriodicTimer(CheckpointEvery);
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
            {
                CheckIdentity();
                if (Interlocked.Exchange(ref _writtenSinceCheckpoint, 0) == 0)
                {
                    continue; // nothing new in the log: an idle engine does not touch the disk
                }

                try
                {
                    await checkpoint.ExecuteNonQueryAsync(stop).ConfigureAwait(false);
                }
                catch (SqliteException)
                {
                    // A checkpoint that cannot run now leaves the log longer; the next one, or the close, catches up.
                }
            }
        }
        catch (OperationCanceledException)
        {
            // closing
        }
        catch (SqliteException)
        {
            // the checkpoint connection could not open: the writes' own connection still works
        }
    }

    /// <summary>
    /// The file under the open connection must still be the one at its path: one deleted or replaced
    /// (rm data/loop.db*) takes every later write with it, and the next start would apply ids again.
    /// </summary>
    private void CheckIdentity()
    {
        if (_identity is null || _fault is not null)
        {
            return;
        }

        if (Files.FileKinds.Identity(_path) != _identity)
        {
            _fault = $"the journal file {_path} was deleted or replaced while the engine ran, so nothing journaled now would survive a restart; restart the engine (it starts from the file now at {_path})";
        }
    }

    public async Task AppendAsync(IReadOnlyList<JournalEvent> events, CancellationToken cancellationToken)
    {
        Interlocked.Exchange(ref _writtenSinceCheckpoint, 1); // the next checkpoint has work
        var connection = Connection;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO journal (persistence_id, sequence_nr, manifest, payload, written_at) VALUES ($id, $seq, $manifest, $payload, $at);";
            var id = insert.Parameters.Add("$id", SqliteType.Text);
            var seq = insert.Parameters.Add("$seq", SqliteType.Integer);
            var manifest = insert.Parameters.Add("$manifest", SqliteType.Text);
            var payload = insert.Parameters.Add("$payload", SqliteType.Text);
            var at = insert.Parameters.Add("$at", SqliteType.Text);
            foreach (var e in events)
            {
                (id.Value, seq.Value, manifest.Value, payload.Value, at.Value) = (e.PersistenceId, e.Sequence, e.Manifest, e.Payload, e.At.ToString("O", CultureInfo.InvariantCulture));
                try
                {
                    await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (SqliteException ex) when (ex.SqliteErrorCode == 19)
                {
                    throw new JournalException($"event {e.Sequence} of '{e.PersistenceId}' is already in the journal; nothing of this batch was written", ex);
                }
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async IAsyncEnumerable<JournalEvent> ReadAsync(string persistenceId, long afterSequence, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        using var release = new GateRelease(_gate);
        await using var select = Connection.CreateCommand();
        select.CommandText = "SELECT sequence_nr, manifest, payload, written_at FROM journal WHERE persistence_id = $id AND sequence_nr > $after ORDER BY sequence_nr;";
        select.Parameters.AddWithValue("$id", persistenceId);
        select.Parameters.AddWithValue("$after", afterSequence);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return new JournalEvent(persistenceId, reader.GetInt64(0), reader.GetString(1), reader.GetString(2), DateTimeOffset.Parse(reader.GetString(3), CultureInfo.InvariantCulture));
        }
    }

    public async Task SaveSnapshotAsync(JournalSnapshot snapshot, CancellationToken cancellationToken)
    {
        Interlocked.Exchange(ref _writtenSinceCheckpoint, 1); // the next checkpoint has work
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        using var release = new GateRelease(_gate);
        await using var insert = Connection.CreateCommand();
        insert.CommandText =
            """
            BEGIN;
            INSERT OR REPLACE INTO snapshots (persistence_id, sequence_nr, manifest, payload, written_at) VALUES ($id, $seq, $manifest, $payload, $at);
            DELETE FROM snapshots WHERE persistence_id = $id AND sequence_nr < $seq;
            COMMIT;
            """;
        insert.Parameters.AddWithValue("$id", snapshot.PersistenceId);
        insert.Parameters.AddWithValue("$seq", snapshot.Sequence);
        insert.Parameters.AddWithValue("$manifest", snapshot.Manifest);
        insert.Parameters.AddWithValue("$payload", snapshot.Payload);
        insert.Parameters.AddWithValue("$at", snapshot.At.ToString("O", CultureInfo.InvariantCulture));
        await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<JournalSnapshot?> LoadSnapshotAsync(string persistenceId, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        using var release = new GateRelease(_gate);
        await using var select = Connection.CreateCommand();
        select.CommandText = "SELECT sequence_nr, manifest, payload, written_at FROM snapshots WHERE persistence_id = $id ORDER BY sequence_nr DESC LIMIT 1;";
        select.Parameters.AddWithValue("$id", persistenceId);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new JournalSnapshot(persistenceId, reader.GetInt64(0), reader.GetString(1), reader.GetString(2), DateTimeOffset.Parse(reader.GetString(3), CultureInfo.InvariantCulture))
            : null;
    }

    public async Task<long> DeleteEventsUpToAsync(string persistenceId, long sequence, IReadOnlyList<string> keep, CancellationToken cancellationToken)
    {
        Interlocked.Exchange(ref _writtenSinceCheckpoint, 1); // the next checkpoint has work
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        using var release = new GateRelease(_gate);
        await using var delete = Connection.CreateCommand();
        var kept = string.Join(", ", keep.Select((_, i) => "$keep" + i.ToString(CultureInfo.InvariantCulture)));
        delete.CommandText = "DELETE FROM journal WHERE persistence_id = $id AND sequence_nr <= $seq" + (keep.Count > 0 ? $" AND manifest NOT IN ({kept});" : ";");
        delete.Parameters.AddWithValue("$id", persistenceId);
        delete.Parameters.AddWithValue("$seq", sequence);
        for (var i = 0; i < keep.Count; i++)
        {
            delete.Parameters.AddWithValue("$keep" + i.ToString(CultureInfo.InvariantCulture), keep[i]);
        }

        return await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<JournalInfo> InfoAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        using var release = new GateRelease(_gate);
        var events = (long)(await ScalarAsync("SELECT COUNT(*) FROM journal;", cancellationToken).ConfigureAwait(false))!;
        var snapshots = (long)(await ScalarAsync("SELECT COUNT(*) FROM snapshots;", cancellationToken).ConfigureAwait(false))!;
        var last = await ScalarAsync("SELECT MAX(sequence_nr) FROM journal;", cancellationToken).ConfigureAwait(false);
        var pages = (long)(await ScalarAsync("PRAGMA page_count;", cancellationToken).ConfigureAwait(false))!;
        var pageSize = (long)(await ScalarAsync("PRAGMA page_size;", cancellationToken).ConfigureAwait(false))!;
        return new JournalInfo(events, snapshots, last is long l ? l : 0, pages * pageSize, JournalSchema.Version);
    }

    /// <summary>Waits for the operation in flight (the connection is not closed under a write), then closes.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stopCheckpoints.CancelAsync().ConfigureAwait(false);
        await _checkpoints.ConfigureAwait(false);
        _stopCheckpoints.Dispose();
        await _gate.WaitAsync().ConfigureAwait(false);
        if (_connection is not null)
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
            _connection = null;
        }
    }

    /// <summary>One connection, one operation at a time: the writer, recovery and <c>loop journal</c> never interleave on it.</summary>
    private readonly struct GateRelease(SemaphoreSlim gate) : IDisposable
    {
        public void Dispose() => gate.Release();
    }

    private SqliteConnection Connection => _connection ?? throw new InvalidOperationException("open the journal first (OpenAsync)");

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var command = Connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<object?> ScalarAsync(string sql, CancellationToken cancellationToken)
    {
        await using var command = Connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    }
}
