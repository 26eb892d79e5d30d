namespace Loop.Engine.Spec;

/// <summary>The spec's <c>storage</c> block: where the journal is, and how often it is snapshotted.</summary>
/// <param name="Provider">sqlite or postgres.</param>
/// <param name="Connection">The provider's connection string (for sqlite, <c>--data DIR</c> replaces it with DIR/loop.db).</param>
/// <param name="SnapshotEvery">Journal events between snapshots (at most one a second).</param>
/// <param name="DedupeIds">How many of the latest command ids are remembered, across restarts, to ack a repeat as duplicate.</param>
internal sealed record StorageSection(string Provider, string Connection, int SnapshotEvery = 10_000, int DedupeIds = 100_000);
