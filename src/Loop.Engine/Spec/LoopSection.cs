namespace Loop.Engine.Spec;

/// <summary>The spec's <c>loop</c> block.</summary>
internal sealed record LoopSection(string Name, int TickMs, long Ticks, int DeadlineMs, int SpreadMs);
