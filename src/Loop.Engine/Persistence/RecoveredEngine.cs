namespace Loop.Engine.Persistence;

/// <summary>What recovery found in the journal: the state to start from and what it owes.</summary>
/// <param name="State">The state as of the last event.</param>
/// <param name="LastSequence">The last sequence used (the writer goes on after it).</param>
/// <param name="SnapshotSequence">The snapshot recovery started from (0: none).</param>
/// <param name="Replayed">Events read after the snapshot.</param>
/// <param name="Acks">Ack lines for commands journaled but not acked before the crash, in order, marked recovered.</param>
/// <param name="Elapsed">How long recovery took.</param>
internal sealed record RecoveredEngine(EngineState State, long LastSequence, long SnapshotSequence, long Replayed, IReadOnlyList<byte[]> Acks, TimeSpan Elapsed)
{
    /// <summary>Gets a value indicating whether the journal had anything (false on a first start).</summary>
    public bool FoundAnything => LastSequence > 0;
}
