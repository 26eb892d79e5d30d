namespace Loop.Engine.Persistence;

/// <summary>What a journal stream is told and what it tells its parent.</summary>
internal sealed partial class StateJournal
{
    /// <summary>Persist this event; the parent is told <see cref="Written"/>, in the order asked.</summary>
    /// <param name="Event">What is persisted.</param>
    /// <param name="Fold">What it does to the state (given its sequence number), from the values it was built of: no JSON is parsed back on the live path, and the state shares its strings with the bus.</param>
    /// <param name="Requester">Who waits for the command (the bus): answered from here, one hop sooner than through the parent.</param>
    public sealed record Write(JournaledEvent Event, Action<EngineState, long> Fold, IActorRef? Requester = null);

    /// <summary>The oldest event not yet answered is in the journal as <paramref name="Sequence"/>, or was refused (<paramref name="Problem"/>).</summary>
    public sealed record Written(long Sequence, string? Problem);

    /// <summary>The stream replayed: its state (a copy), where it stands, and what recovery read.</summary>
    public sealed record Recovered(string PersistenceId, EngineState State, long LastSequence, long SnapshotSequence, long Replayed, TimeSpan Elapsed);

    /// <summary>A write or the recovery failed; the stream stops after telling this.</summary>
    public sealed record Failed(string Problem);
}
