namespace Loop.Engine.Persistence;

/// <summary>How a journal stream snapshots: every <paramref name="SnapshotEvery"/> events, at most once per <paramref name="MinSnapshotInterval"/>.</summary>
/// <param name="SnapshotEvery">Events between snapshots (storage.snapshot_every).</param>
/// <param name="MinSnapshotInterval">At most one snapshot this often.</param>
/// <param name="DedupeIds">How many applied command ids the state keeps (storage.dedupe_ids).</param>
/// <param name="Compact">Whether events behind a snapshot are deleted (the adapters' stream; never the audit stream).</param>
internal sealed record StateJournalSettings(int SnapshotEvery, TimeSpan MinSnapshotInterval, int DedupeIds, bool Compact)
{
    /// <summary>
    /// Gets the average rate snapshots may write at (the interval between them grows with the state); null:
    /// no such floor (benchmarks and tests, where a snapshot must land where the count says, however fast the machine).
    /// </summary>
    public int? SnapshotBytesPerSecond { get; init; }

    /// <summary>The engine's: what the spec's storage says, at most one snapshot a second and 4 MB/s.</summary>
    public static StateJournalSettings Engine(int snapshotEvery, int dedupeIds) =>
        new(snapshotEvery, TimeSpan.FromSeconds(1), dedupeIds, Compact: false) { SnapshotBytesPerSecond = 4 * 1024 * 1024 };
}
