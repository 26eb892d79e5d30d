namespace Loop.Load.Reports;

/// <summary>One scenario's line in the progress view.</summary>
internal sealed record ProgressRow(string Scenario, string Phase, double ElapsedSeconds, double TotalSeconds, double Rps, long Ok, long Fail, double P50Ms, double P99Ms, long InFlight)
{
    public static ProgressRow Of(Running.ScenarioRun run)
    {
        var total = run.Scenario.Duration.TotalSeconds;
        if (run.Counted is not { } stats)
        {
            return new ProgressRow(run.Scenario.Name, "warm-up", 0, total, double.NaN, 0, 0, double.NaN, double.NaN, 0);
        }

        var last = stats.Timeline.Count > 0 ? stats.Timeline[^1] : null;
        return new ProgressRow(
            run.Scenario.Name,
            run.Finished ? "done" : "running",
            Math.Min(stats.Elapsed.TotalSeconds, total),
            total,
            last is null ? double.NaN : last.OkPerSecond + last.FailPerSecond,
            stats.Whole.OkTotal.TotalCount,
            stats.Whole.FailTotal.TotalCount,
            last?.P50Ms ?? double.NaN,
            last?.P99Ms ?? double.NaN,
            Interlocked.Read(ref stats.InFlight));
    }
}
