namespace Loop.Engine.Journal;

/// <summary>What <c>loop journal info</c> shows.</summary>
internal sealed record JournalInfo(long Events, long Snapshots, long LastSequence, long SizeBytes, int SchemaVersion);
