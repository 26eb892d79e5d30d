using System.Globalization;
using Loop.Actors.Loop;

namespace Loop.Engine.Output;

/// <summary>
/// Appends one row per completed tick to logs/metrics.csv and flushes it at once, so a crash loses at
/// most the row in flight. Runs on its own mailbox: a slow disk never holds up the loop. The file is
/// appended across runs; each row says its run (and whether the tick was paused or overran), so
/// <c>loop verify</c> judges one run.
/// </summary>
internal sealed class MetricsCsvWriter : LineFileWriter
{
    /// <summary>The columns before runs were told apart (files written by loop before issue 12): verify still reads them, as one run.</summary>
    public const string HeaderWithoutRuns = "ts,tick,due_ms,jitter_ms,loop_latency_ms,adapters,ok,timeout,error,rejected,skipped,success_rate,r_axis_loop";

    /// <summary>The header of issue 7's runs (before per-adapter intervals); loop verify still reads such files.</summary>
    public const string HeaderWithoutDue = HeaderWithoutRuns + ",paused,overrun,run";

    /// <summary>The header: due and ran count the adapters whose interval came round and those called (issue 18).</summary>
    public const string Header = HeaderWithoutDue + ",due,ran";

    private readonly string _run;

    public MetricsCsvWriter(LineFile file, string run)
        : base(file)
    {
        _run = run;
        Receive<TickCompleted>(Write);
    }

    public static string Row(TickCompleted tick, string run) => string.Create(CultureInfo.InvariantCulture, $"{UtcTimestamp.Format(tick.Completed)},{tick.Tick},{tick.Due.ToUnixTimeMilliseconds()},{tick.JitterMs:0.000},{tick.LatencyMs:0.000},{tick.Adapters},{tick.Ok},{tick.Timeout},{tick.Error},{tick.Rejected},{tick.Skipped},{(tick.SuccessRate is { } rate ? rate.ToString("0.0000", CultureInfo.InvariantCulture) : string.Empty)},{Loop.Actors.RAxis.RAxisLevelNames.Of(tick.RAxisLoop)},{(tick.Paused ? 1 : 0)},{(tick.Overrun ? 1 : 0)},{run},{tick.AdaptersDue},{tick.AdaptersRan}");

    /// <summary>A run's id: when it started (UTC, to the second) and its process id, e.g. <c>20261127T074628Z-3119</c>.</summary>
    public static string RunId(DateTimeOffset started, int pid) => string.Create(CultureInfo.InvariantCulture, $"{started.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}-{pid}");

    private void Write(TickCompleted tick)
    {
        WriteLine(System.Text.Encoding.UTF8.GetBytes(Row(tick, _run)));
        FlushLines();
    }
}
