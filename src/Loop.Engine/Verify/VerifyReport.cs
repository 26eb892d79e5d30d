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

    /// <summary>Gets the run judged ("all" for every run of the file); null in a file from before runs were told apart.</summary>
    public string? Run { get; init; }

    /// <summary>Gets how many runs the file holds.</summary>
    public int Runs { get; init; }

    /// <summary>Gets how many of the ticks were paused (left out of the latency figures).</summary>
    public int Paused { get; init; }
}
