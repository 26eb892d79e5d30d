using System.Globalization;

namespace Loop.Engine.LoadTesting;

/// <summary>
/// The figures <c>loop load engine</c> reads from an engine's /metrics (Prometheus text): the tick jitter and
/// loop latency histograms' buckets, ticks, overruns and bus commands by result. Two snapshots give what
/// happened between them.
/// </summary>
internal sealed class EngineMetricsSnapshot
{
    public const string JitterFamily = "resonance_tick_jitter_seconds";
    public const string LatencyFamily = "resonance_loop_latency_seconds";

    public SortedDictionary<double, double> Jitter { get; } = [];

    public SortedDictionary<double, double> Latency { get; } = [];

    public double Ticks { get; private set; }

    public double Overruns { get; private set; }

    public Dictionary<string, double> BusByResult { get; } = new(StringComparer.Ordinal);

    /// <summary>Reads the families it knows from an exposition; other lines are skipped.</summary>
    public static EngineMetricsSnapshot Parse(string exposition)
    {
        var snapshot = new EngineMetricsSnapshot();
        foreach (var raw in exposition.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var nameEnd = line.IndexOfAny(['{', ' ']);
            if (nameEnd <= 0)
            {
                continue;
            }

            var name = line[..nameEnd];
            var labelsEnd = line[nameEnd] == '{' ? line.IndexOf('}', nameEnd) : nameEnd - 1;
            var labels = line[nameEnd] == '{' && labelsEnd > nameEnd ? line[(nameEnd + 1)..labelsEnd] : string.Empty;
            var valueText = line[(labelsEnd + 1)..].Trim().Split(' ')[0];
            if (!double.TryParse(valueText, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                continue;
            }

            switch (name)
            {
                case JitterFamily + "_bucket":
                    AddBucket(snapshot.Jitter, labels, value);
                    break;
                case LatencyFamily + "_bucket":
                    AddBucket(snapshot.Latency, labels, value);
                    break;
                case "resonance_ticks_total":
                    snapshot.Ticks = value;
                    break;
                case "resonance_tick_overruns_total":
                    snapshot.Overruns = value;
                    break;
                case "resonance_bus_commands_total" when Label(labels, "result") is { } result:
                    snapshot.BusByResult[result] = snapshot.BusByResult.GetValueOrDefault(result) + value;
                    break;
            }
        }

        return snapshot;
    }

    /// <summary>
    /// The <paramref name="quantile"/> of what a histogram counted between two snapshots, in milliseconds,
    /// interpolated inside its bucket as Prometheus' histogram_quantile does (exact at a bucket edge); NaN with no counts.
    /// </summary>
    public static double QuantileMs(SortedDictionary<double, double> before, SortedDictionary<double, double> after, double quantile)
    {
        var cumulative = after.Select(kv => (Le: kv.Key, Count: kv.Value - before.GetValueOrDefault(kv.Key))).ToList();
        if (cumulative.Count == 0 || cumulative[^1].Count <= 0)
        {
            return double.NaN;
        }

        var rank = quantile * cumulative[^1].Count;
        var (lower, below) = (0.0, 0.0);
        foreach (var (le, count) in cumulative)
        {
            if (count >= rank)
            {
                if (double.IsPositiveInfinity(le))
                {
                    return lower * 1000; // beyond the last edge: the last edge, as histogram_quantile says
                }

                var share = count - below <= 0 ? 1 : (rank - below) / (count - below);
                return (lower + ((le - lower) * share)) * 1000;
            }

            (lower, below) = (le, count);
        }

        return lower * 1000;
    }

    private static void AddBucket(SortedDictionary<double, double> buckets, string labels, double value)
    {
        var le = Label(labels, "le");
        if (le is null)
        {
            return;
        }

        var bound = le == "+Inf" ? double.PositiveInfinity : double.Parse(le, NumberStyles.Float, CultureInfo.InvariantCulture);
        buckets[bound] = value;
    }

    private static string? Label(string labels, string key)
    {
        var at = labels.IndexOf(key + "=\"", StringComparison.Ordinal);
        while (at > 0 && labels[at - 1] is not (',' or ' '))
        {
            at = labels.IndexOf(key + "=\"", at + 1, StringComparison.Ordinal);
        }

        if (at < 0)
        {
            return null;
        }

        var start = at + key.Length + 2;
        var end = labels.IndexOf('"', start);
        return end < 0 ? null : labels[start..end];
    }
}
