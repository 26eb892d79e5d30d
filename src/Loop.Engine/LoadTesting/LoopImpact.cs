using System.Globalization;
using Loop.Load.Results;
using Loop.Load.Thresholds;

namespace Loop.Engine.LoadTesting;

/// <summary>
/// What a load did to the engine's loop: tick jitter and loop latency percentiles, ticks, overruns and bus
/// commands, before the load (a quiet baseline) and under it, from three snapshots of its /metrics.
/// </summary>
internal sealed record LoopImpact(EngineMetricsSnapshot Start, EngineMetricsSnapshot BaselineEnd, EngineMetricsSnapshot End, bool HasBaseline)
{
    /// <summary>The gate terms this section answers: tick jitter and loop latency percentiles under the load.</summary>
    public static readonly IReadOnlyList<string> Metrics = ["jitter_p50", "jitter_p99", "loop_p50", "loop_p99"];

    public double UnderLoad(string metric) => metric switch
    {
        "jitter_p50" => EngineMetricsSnapshot.QuantileMs(BaselineEnd.Jitter, End.Jitter, 0.5),
        "jitter_p99" => EngineMetricsSnapshot.QuantileMs(BaselineEnd.Jitter, End.Jitter, 0.99),
        "loop_p50" => EngineMetricsSnapshot.QuantileMs(BaselineEnd.Latency, End.Latency, 0.5),
        "loop_p99" => EngineMetricsSnapshot.QuantileMs(BaselineEnd.Latency, End.Latency, 0.99),
        _ => double.NaN,
    };

    public ReportSection Section()
    {
        var rows = new List<KeyValuePair<string, string>>();
        void Add(string name, string value) => rows.Add(new(name, value));
        if (HasBaseline)
        {
            Add("ticks, baseline", Count(BaselineEnd.Ticks - Start.Ticks));
            Add("tick jitter p50 / p99, baseline", Pair(Start.Jitter, BaselineEnd.Jitter));
            Add("loop latency p50 / p99, baseline", Pair(Start.Latency, BaselineEnd.Latency));
        }

        Add("ticks, under load", Count(End.Ticks - BaselineEnd.Ticks));
        Add("tick jitter p50 / p99, under load", Pair(BaselineEnd.Jitter, End.Jitter));
        Add("loop latency p50 / p99, under load", Pair(BaselineEnd.Latency, End.Latency));
        Add("overruns, under load", Count(End.Overruns - BaselineEnd.Overruns));
        var bus = End.BusByResult
            .Select(kv => (kv.Key, Count: kv.Value - BaselineEnd.BusByResult.GetValueOrDefault(kv.Key)))
            .Where(static kv => kv.Count > 0)
            .OrderBy(static kv => kv.Key, StringComparer.Ordinal)
            .Select(static kv => $"{kv.Key} {Count(kv.Count)}");
        Add("bus commands by result, under load", string.Join(", ", bus) is { Length: > 0 } text ? text : "none");
        Add("read from", "the engine's /metrics (percentiles interpolated in its buckets, as histogram_quantile does)");
        return new ReportSection("What the load did to the loop", rows);
    }

    public IReadOnlyList<ThresholdResult> Judge(IEnumerable<Threshold> gate) =>
        [.. gate.Where(static t => Metrics.Contains(t.Metric)).Select(t => t.Judge(UnderLoad(t.Metric)))];

    private static string Pair(SortedDictionary<double, double> before, SortedDictionary<double, double> after) =>
        $"{Ms(EngineMetricsSnapshot.QuantileMs(before, after, 0.5))} / {Ms(EngineMetricsSnapshot.QuantileMs(before, after, 0.99))} ms";

    private static string Ms(double value) => double.IsNaN(value) ? "-" : value.ToString("0.###", CultureInfo.InvariantCulture);

    private static string Count(double value) => value.ToString("0", CultureInfo.InvariantCulture);
}
