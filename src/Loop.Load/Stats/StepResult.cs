using HdrHistogram;

namespace Loop.Load.Stats;

/// <summary>
/// One row of the report (NBomber's columns): calls, ok, fail, calls per second, and the ok calls' latency:
/// min, mean, max, p50, p75, p95, p99 and standard deviation in milliseconds; bytes moved; counts by status.
/// </summary>
public sealed record StepResult(
    string Scenario,
    string Step,
    long Requests,
    long Ok,
    long Fail,
    double Rps,
    double MinMs,
    double MeanMs,
    double MaxMs,
    double P50Ms,
    double P75Ms,
    double P95Ms,
    double P99Ms,
    double StdDevMs,
    long Bytes,
    IReadOnlyDictionary<string, long> StatusCodes)
{
    /// <summary>Failed calls as a percentage of all calls (0 with no calls).</summary>
    public double FailPercent => Requests == 0 ? 0 : Fail * 100.0 / Requests;

    internal static StepResult Of(string scenario, string step, StepStats stats, TimeSpan duration)
    {
        var ok = stats.OkTotal;
        var fail = stats.FailTotal.TotalCount;
        var requests = ok.TotalCount + fail;
        var seconds = Math.Max(duration.TotalSeconds, 1e-6);
        double Ms(long micros) => micros / 1000.0;
        double At(double percentile) => ok.TotalCount == 0 ? double.NaN : Ms(ok.GetValueAtPercentile(percentile));
        return new StepResult(
            scenario,
            step,
            requests,
            ok.TotalCount,
            fail,
            requests / seconds,
            ok.TotalCount == 0 ? double.NaN : Ms(Min(ok)),
            ok.TotalCount == 0 ? double.NaN : ok.GetMean() / 1000.0,
            ok.TotalCount == 0 ? double.NaN : Ms(ok.GetMaxValue()),
            At(50),
            At(75),
            At(95),
            At(99),
            ok.TotalCount == 0 ? double.NaN : ok.GetStdDeviation() / 1000.0,
            stats.Bytes,
            new SortedDictionary<string, long>(stats.StatusCodes.ToDictionary(), StringComparer.Ordinal));
    }

    private static long Min(HistogramBase histogram)
    {
        foreach (var value in histogram.RecordedValues())
        {
            return histogram.LowestEquivalentValue(value.ValueIteratedTo);
        }

        return 0;
    }
}
