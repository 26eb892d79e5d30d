namespace Loop.Engine.Verify;

/// <summary>What verify found in a metrics.csv.</summary>
internal sealed record VerifyReport(
    int Ticks,
    double LatencyP50,
    double LatencyP95,
    double LatencyP99,
    double LatencyMax,
    double JitterP99,
    double SuccessRate,
    int Overruns,
    IReadOnlyList<VerifyCriterion> Criteria)
{
    public bool Pass => Criteria.All(static c => c.Pass);
}
