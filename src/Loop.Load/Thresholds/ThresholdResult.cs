namespace Loop.Load.Thresholds;

/// <summary>A threshold judged: what was observed and whether it passed.</summary>
/// <param name="Threshold">The threshold.</param>
/// <param name="Observed">The value seen, in the limit's unit (NaN: nothing seen).</param>
/// <param name="Passed">Whether it met the threshold.</param>
public sealed record ThresholdResult(Threshold Threshold, double Observed, bool Passed);
