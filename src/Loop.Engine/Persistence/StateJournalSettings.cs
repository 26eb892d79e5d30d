namespace Loop.Engine.Persistence;

/// <summary>How a journal stream snapshots: every <paramref name="SnapshotEvery"/> events, at most once per <paramref name="MinSnapshotInterval"/>.</summary>
/// <param name="SnapshotEvery">Events between snapshots (storage.snapshot_every).</param>
/// <param name="MinSnapshotInterval">At most one snapshot this often.</param>
/// <param name="DedupeIds">How many applied command ids the state keeps (storage.dedupe_ids).</param>
/// <param name="Compact">Whether events behind a snapshot are deleted (the adapters' stream; never the audit stream).</param>
internal sealed record StateJournalSettings(int SnapshotEvery, TimeSpan MinSnapshotInterval, int DedupeIds, bool Compact);
