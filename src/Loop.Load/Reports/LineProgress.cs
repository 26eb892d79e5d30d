using System.Diagnostics;
using System.Globalization;
using Loop.Load.Running;

namespace Loop.Load.Reports;

/// <summary>A line per scenario every few seconds: for logs and pipes, where a redrawn table is noise.</summary>
internal sealed class LineProgress(TextWriter output, TimeSpan? every = null) : LoadProgress
{
    private readonly TimeSpan _every = every ?? TimeSpan.FromSeconds(5);
    private long _last = Stopwatch.GetTimestamp();

    internal override Task? Start(IReadOnlyList<ScenarioRun> runs) => null;

    internal override void Update(IReadOnlyList<ScenarioRun> runs)
    {
        if (Stopwatch.GetElapsedTime(_last) < _every)
        {
            return;
        }

        _last = Stopwatch.GetTimestamp();
        foreach (var row in runs.Select(ProgressRow.Of))
        {
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"[{row.Scenario}] {row.Phase} {row.ElapsedSeconds:0}/{row.TotalSeconds:0} s  {Number(row.Rps)} req/s  ok {row.Ok}  fail {row.Fail}  p50 {Number(row.P50Ms)} ms  p99 {Number(row.P99Ms)} ms  in flight {row.InFlight}"));
        }
    }

    internal override void Stop(IReadOnlyList<ScenarioRun> runs)
    {
    }

    internal static string Number(double value) => double.IsNaN(value) ? "-" : value.ToString(value >= 100 ? "0" : "0.##", CultureInfo.InvariantCulture);
}
