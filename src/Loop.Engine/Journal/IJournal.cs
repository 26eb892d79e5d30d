namespace Loop.Engine.Journal;

/// <summary>
/// The event journal and snapshot store (DESIGN.md: Storage), one interface for SQLite and PostgreSQL.
/// Appends are batched by the caller and written in one transaction: all of a batch or none of it.
/// </summary>
internal interface IJournal : IAsyncDisposable
{
    /// <summary>Creates the schema on first use; refuses a schema newer than this binary knows.</summary>
    Task OpenAsync(CancellationToken cancellationToken);

    /// <summary>Writes a batch of events in one transaction; a sequence already written fails the whole batch.</summary>
    Task AppendAsync(IReadOnlyList<JournalEvent> events, CancellationToken cancellationToken);

    /// <summary>The owner's events after <paramref name="afterSequence"/>, in order.</summary>
    IAsyncEnumerable<JournalEvent> ReadAsync(string persistenceId, long afterSequence, CancellationToken cancellationToken);

    /// <summary>Keeps a snapshot and drops the owner's older ones (the latest is what recovery loads).</summary>
    Task SaveSnapshotAsync(JournalSnapshot snapshot, CancellationToken cancellationToken);

    /// <summary>The owner's latest snapshot, if any.</summary>
    Task<JournalSnapshot?> LoadSnapshotAsync(string persistenceId, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes the owner's events up to <paramref name="sequence"/> (compaction after a snapshot) but
    /// those whose manifest is in <paramref name="keep"/> (an audit trail); returns how many went.
    /// </summary>
    Task<long> DeleteEventsUpToAsync(string persistenceId, long sequence, IReadOnlyList<string> keep, CancellationToken cancellationToken);

    /// <summary>
    /// Gets why the store can no longer be trusted although writes succeed (the SQLite file deleted or
    /// replaced under the engine: writes go to a file nobody will open again); null while it is sound.
    /// </summary>
    string? Fault => null;

    /// <summary>Counts, the last sequence of any owner, size and schema version.</summary>
    Task<JournalInfo> InfoAsync(CancellationToken cancellationToken);
}
