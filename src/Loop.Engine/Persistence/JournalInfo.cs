namespace Loop.Engine.Persistence;

/// <summary>What <c>loop journal info</c> shows.</summary>
/// <param name="Streams">Each journal stream: its events (those not compacted away) and its last sequence number.</param>
/// <param name="Snapshots">Snapshots kept.</param>
/// <param name="SizeBytes">The journal's size on disk.</param>
/// <param name="SchemaVersion">The layout's version.</param>
internal sealed record JournalInfo(IReadOnlyList<(string PersistenceId, long Events, long LastSequence)> Streams, long Snapshots, long SizeBytes, int SchemaVersion)
{
    public long Events => Streams.Sum(static s => s.Events);

    /// <summary>Gets the engine stream's last sequence (the numbers acks carry as journal_seq).</summary>
    public long LastSequence => Streams.Where(static s => s.PersistenceId == JournalManifests.PersistenceId).Select(static s => s.LastSequence).FirstOrDefault();
}
