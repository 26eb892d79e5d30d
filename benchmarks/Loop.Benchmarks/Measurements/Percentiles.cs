namespace Loop.Benchmarks.Measurements;

/// <summary>Nearest-rank percentiles of a sample.</summary>
public static class Percentiles
{
    public static double Of(IReadOnlyList<double> sample, double percentile)
    {
        if (sample.Count == 0)
        {
            return double.NaN;
        }

        var sorted = sample.Order().ToArray();
        var rank = (int)Math.Ceiling(percentile / 100.0 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    public static string Summary(IReadOnlyList<double> sample, string unit) =>
        FormattableString.Invariant(
            $"n={sample.Count} p50={Of(sample, 50):0.000}{unit} p99={Of(sample, 99):0.000}{unit} max={sample.Max():0.000}{unit} min={sample.Min():0.000}{unit}");
}
