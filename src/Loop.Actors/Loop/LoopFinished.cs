namespace Loop.Actors.Loop;

/// <summary>Published on the event stream when the loop ran its configured number of ticks, or stopped.</summary>
/// <param name="Ticks">Ticks completed.</param>
/// <param name="Overruns">Ticks that ended at their deadline.</param>
/// <param name="Reason">"ticks" (the count was reached) or "stopped".</param>
public sealed record LoopFinished(long Ticks, long Overruns, string Reason);
