namespace Loop.Actors.RAxis;

/// <summary>
/// A level change of one scope (DESIGN.md: R-Axis), sent up from the adapter's supervisor (the loop) to
/// the engine's guardian, which publishes it on the event stream.
/// </summary>
/// <param name="Scope"><c>loop</c> or <c>adapter:&lt;name&gt;</c>.</param>
/// <param name="Level">The new level.</param>
/// <param name="Previous">The level before.</param>
/// <param name="Reason">Why.</param>
/// <param name="Observed">The figure that decided it.</param>
/// <param name="Threshold">The bound.</param>
/// <param name="Tick">The tick it was decided on.</param>
/// <param name="At">When.</param>
public sealed record RAxisSignal(string Scope, RAxisLevel Level, RAxisLevel Previous, string Reason, double Observed, double Threshold, long Tick, DateTimeOffset At)
{
    /// <summary>
    /// Gets the reason class (<see cref="Adapters.AdapterReasons"/>) of the adapter's last failed result when an adapter
    /// scope rises above OK on its results; null for the loop scope, a fall, or a rise with no failed result behind it.
    /// </summary>
    public string? ReasonClass { get; init; }

    /// <summary>
    /// Gets a value indicating whether this fall to OK withdraws the scope rather than measures it OK: its adapter was
    /// removed from this loop (by an operator, or moved to another node of a cluster). A cluster's signal board holds a
    /// withdrawn scope's level a while, for the node the adapter moved to.
    /// </summary>
    public bool Withdrawn { get; init; }
}
