using Loop.Actors.Loop;
using Loop.Engine.Persistence;

namespace Loop.Engine.Hosting;

/// <summary>What the host took from recovery to start with, read before the journal writer goes on changing the state.</summary>
/// <param name="Engine">What recovery found.</param>
/// <param name="AppliedIds">Command ids applied in earlier runs.</param>
/// <param name="FileResume">Where the commands file resumes; null when no line of it was ever journaled.</param>
/// <param name="Options">The loop's options, with the recovered adapter set, tick and state.</param>
/// <param name="Warnings">What the start says once in the log: what could not be recovered, settings that cannot work.</param>
internal sealed record Recovered(RecoveredEngine Engine, Bus.RecentIds AppliedIds, (long Offset, long Line)? FileResume, LoopOptions Options, IReadOnlyList<string> Warnings);
