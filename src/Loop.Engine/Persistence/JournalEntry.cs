namespace Loop.Engine.Persistence;

/// <summary>An event on its way to a journal stream: its place among everything the writer took, and who waits for its answer.</summary>
/// <param name="Ticket">Its number in the order the writer took events in (a Flush waits for every ticket before it).</param>
/// <param name="Event">The event.</param>
/// <param name="Requester">The bus, for a command (told <see cref="JournalWriter.CommandPersisted"/>); null for the loop's events.</param>
/// <param name="Fold">What it does to its stream's state (see <see cref="StateJournal.Write"/>).</param>
internal sealed record JournalEntry(long Ticket, JournaledEvent Event, IActorRef? Requester, Action<EngineState, long> Fold);
