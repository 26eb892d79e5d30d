namespace Loop.Engine.Spec;

/// <summary>The spec's <c>loop</c> block.</summary>
internal sealed record LoopSection(string Name, int TickMs, long Ticks, int DeadlineMs, int SpreadMs)
{
    /// <summary>Gets a value indicating whether gen0 collections are moved between ticks (Loop.Actors' GcPacer); on by default.</summary>
    public bool GcBetweenTicks { get; init; } = true;
}
