using Loop.Load.Running;
using Spectre.Console;

namespace Loop.Load.Reports;

/// <summary>The live view on a terminal: a Spectre.Console table redrawn twice a second (progress, rate, p50/p99, fails).</summary>
internal sealed class LiveConsoleProgress : LoadProgress
{
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private IReadOnlyList<ProgressRow> _rows = [];

    internal override Task? Start(IReadOnlyList<ScenarioRun> runs)
    {
        _rows = [.. runs.Select(ProgressRow.Of)];
        var table = Build(_rows);
        return AnsiConsole.Live(table).AutoClear(false).StartAsync(async context =>
        {
            while (!_stopped.Task.IsCompleted)
            {
                context.UpdateTarget(Build(Volatile.Read(ref _rows)));
                context.Refresh();
                await Task.WhenAny(_stopped.Task, Task.Delay(500)).ConfigureAwait(false);
            }

            context.UpdateTarget(Build(Volatile.Read(ref _rows)));
            context.Refresh();
        });
    }

    internal override void Update(IReadOnlyList<ScenarioRun> runs) => Volatile.Write(ref _rows, [.. runs.Select(ProgressRow.Of)]);

    internal override void Stop(IReadOnlyList<ScenarioRun> runs)
    {
        Update(runs);
        _stopped.TrySetResult();
    }

    private static Table Build(IReadOnlyList<ProgressRow> rows)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("loop load");
        table.AddColumns("scenario", "progress", "req/s", "ok", "fail", "p50 ms", "p99 ms", "in flight");
        foreach (var row in rows)
        {
            var share = row.TotalSeconds <= 0 ? 1 : row.ElapsedSeconds / row.TotalSeconds;
            var bar = new string('#', (int)Math.Round(share * 20)).PadRight(20, '.');
            table.AddRow(
                Markup.Escape(row.Scenario),
                Markup.Escape($"{bar} {row.Phase} {row.ElapsedSeconds:0}/{row.TotalSeconds:0} s"),
                LineProgress.Number(row.Rps),
                row.Ok.ToString(System.Globalization.CultureInfo.InvariantCulture),
                row.Fail == 0 ? "0" : $"[red]{row.Fail}[/]",
                LineProgress.Number(row.P50Ms),
                LineProgress.Number(row.P99Ms),
                row.InFlight.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return table;
    }
}
