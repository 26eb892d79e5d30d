namespace Loop.Engine.Persistence;

/// <summary>
/// One event the engine journals through Akka.Persistence: its kind (the serializer's manifest, e.g.
/// <c>command</c>) and its fields as a UTF-8 JSON object that starts with <c>ts</c>. Kept as JSON, not as
/// typed records, so the rows in the database read as they do in events.jsonl and in an export, and a
/// replay folds them with the same code whichever loop wrote them.
/// </summary>
/// <param name="Kind">One of <see cref="JournalManifests"/>' kinds.</param>
/// <param name="Json">The event's fields, e.g. <c>{"ts":"...","id":"c1","cmd":"pause","applied":true,...}</c>.</param>
internal sealed record JournaledEvent(string Kind, byte[] Json);
