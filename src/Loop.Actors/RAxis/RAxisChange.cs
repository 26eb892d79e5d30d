namespace Loop.Actors.RAxis;

/// <summary>A level change an evaluator decided: the new level, why, and the figure against its bound.</summary>
/// <param name="Level">The new level.</param>
/// <param name="Previous">The level before.</param>
/// <param name="Reason">Why, for the operator.</param>
/// <param name="Observed">The figure that decided it (latency ms, success rate, failures).</param>
/// <param name="Threshold">The bound it was held against.</param>
public sealed record RAxisChange(RAxisLevel Level, RAxisLevel Previous, string Reason, double Observed, double Threshold);
