namespace Loop.Engine.Journal;

/// <summary>An owner's state as of <paramref name="Sequence"/>: recovery loads it, then replays only the events after it.</summary>
internal sealed record JournalSnapshot(string PersistenceId, long Sequence, string Manifest, string Payload, DateTimeOffset At);
