namespace Loop.Engine.Persistence;

/// <summary>
/// The <see cref="JournalWriter"/>'s side of one journal stream: the actor persisting it (none while the
/// journal is down), the events it was sent and has not answered, in order, and the events kept in
/// memory while there is no actor to send them to.
/// </summary>
internal sealed class JournalStream(string persistenceId, StateJournalSettings settings)
{
    public string PersistenceId { get; } = persistenceId;

    public StateJournalSettings Settings { get; } = settings;

    /// <summary>Gets or sets the actor persisting the stream; null while the journal is down.</summary>
    public IActorRef? Actor { get; set; }

    /// <summary>Gets or sets how many actors the stream has had (each one's name ends with it).</summary>
    public int Generation { get; set; }

    /// <summary>Gets or sets what the stream's first recovery gave back; null until then.</summary>
    public StateJournal.Recovered? FirstRecovery { get; set; }

    /// <summary>Gets the events sent to the actor, oldest first: its answers pair with them in order.</summary>
    public Queue<JournalEntry> InFlight { get; } = new();

    /// <summary>Gets the events kept while there is no actor, oldest first: sent before any newer one once there is.</summary>
    public List<JournalEntry> Unwritten { get; } = [];

    /// <summary>Gets the ticket of the oldest event not yet answered (long.MaxValue: none).</summary>
    public long OldestInFlight => InFlight.TryPeek(out var oldest) ? oldest.Ticket : long.MaxValue;
}
