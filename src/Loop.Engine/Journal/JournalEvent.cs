namespace Loop.Engine.Journal;

/// <summary>One journaled event (Akka.Persistence's vocabulary): whose it is, its place, what kind, its JSON, when.</summary>
/// <param name="PersistenceId">The owner, e.g. <c>bus</c> or <c>loop</c>.</param>
/// <param name="Sequence">Its number within the owner's events, from 1, without gaps.</param>
/// <param name="Manifest">What kind of event (e.g. <c>command-applied</c>), to read the payload back.</param>
/// <param name="Payload">The event as JSON.</param>
/// <param name="At">When it was written.</param>
internal sealed record JournalEvent(string PersistenceId, long Sequence, string Manifest, string Payload, DateTimeOffset At);
