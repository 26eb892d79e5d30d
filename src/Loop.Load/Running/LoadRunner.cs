using Loop.Load.Reports;
using Loop.Load.Results;
using Loop.Load.Scenarios;
using Loop.Load.Stats;
using Loop.Load.Thresholds;

namespace Loop.Load.Running;

/// <summary>
/// Runs scenarios side by side and reports them, in NBomber's shape:
/// <c>LoadRunner.RegisterScenarios(a, b).WithReportFolder("reports").RunAsync()</c>. While it runs, a live
/// view (a terminal) or a line every 5 s (a log) shows progress; at the end the result is judged by the
/// scenarios' thresholds and written in the chosen formats.
/// </summary>
public sealed record LoadRunner
{
    private static readonly TimeSpan SampleEvery = TimeSpan.FromSeconds(1);

    private LoadRunner(IReadOnlyList<Scenario> scenarios) => Scenarios = scenarios;

    /// <summary>The scenarios, run side by side.</summary>
    public IReadOnlyList<Scenario> Scenarios { get; }

    /// <summary>What the run is, for the report's heading.</summary>
    public string Title { get; private init; } = "loop load";

    /// <summary>Where reports go; null: none written.</summary>
    public string? ReportFolder { get; private init; }

    /// <summary>The reports' file name, without extension.</summary>
    public string? ReportFileName { get; private init; }

    /// <summary>The formats written into <see cref="ReportFolder"/>.</summary>
    public IReadOnlyList<ReportFormat> Formats { get; private init; } = [ReportFormat.Txt, ReportFormat.Md, ReportFormat.Csv, ReportFormat.Html];

    /// <summary>Where progress goes while the run lasts; null: nowhere.</summary>
    public LoadProgress? Progress { get; private init; }

    /// <summary>Registers the scenarios of one run.</summary>
    /// <param name="scenarios">The scenarios; names must be unique and each needs a simulation.</param>
    /// <returns>The runner.</returns>
    /// <exception cref="ArgumentException">No scenarios, a repeated name, or a scenario without load.</exception>
    public static LoadRunner RegisterScenarios(params Scenario[] scenarios)
    {
        ArgumentNullException.ThrowIfNull(scenarios);
        if (scenarios.Length == 0)
        {
            throw new ArgumentException("A run needs at least one scenario.", nameof(scenarios));
        }

        var repeated = scenarios.GroupBy(static s => s.Name, StringComparer.Ordinal).Where(static g => g.Count() > 1).Select(static g => g.Key).ToList();
        if (repeated.Count > 0)
        {
            throw new ArgumentException($"Scenario names are not unique: '{string.Join("', '", repeated)}'.", nameof(scenarios));
        }

        if (scenarios.FirstOrDefault(static s => s.Simulations.Count == 0) is { } idle)
        {
            throw new ArgumentException($"The scenario '{idle.Name}' has no load simulation.", nameof(scenarios));
        }

        return new LoadRunner(scenarios);
    }

    /// <summary>Names the run in the report's heading.</summary>
    /// <param name="title">The heading.</param>
    /// <returns>A copy.</returns>
    public LoadRunner WithTitle(string title) => this with { Title = title };

    /// <summary>Writes reports into <paramref name="folder"/>.</summary>
    /// <param name="folder">The folder (created if missing).</param>
    /// <returns>A copy.</returns>
    public LoadRunner WithReportFolder(string folder) => this with { ReportFolder = folder };

    /// <summary>Names the report files.</summary>
    /// <param name="name">The file name without extension.</param>
    /// <returns>A copy.</returns>
    public LoadRunner WithReportFileName(string name) => this with { ReportFileName = name };

    /// <summary>Writes these formats.</summary>
    /// <param name="formats">The formats.</param>
    /// <returns>A copy.</returns>
    public LoadRunner WithReportFormats(params ReportFormat[] formats) => this with { Formats = formats };

    /// <summary>Shows progress while running.</summary>
    /// <param name="progress">The view.</param>
    /// <returns>A copy.</returns>
    public LoadRunner WithProgress(LoadProgress? progress) => this with { Progress = progress };

    /// <summary>Runs every scenario to its end (or until cancelled: what ran is reported) and judges the result.</summary>
    /// <param name="cancellationToken">Stops the run early.</param>
    /// <returns>The result; reports are written when a folder was given.</returns>
    public async Task<LoadResult> RunAsync(CancellationToken cancellationToken = default)
    {
        var startedAt = TimeProvider.System.GetUtcNow();
        var started = TimeProvider.System.GetTimestamp();
        var runs = Scenarios.Select(s => new ScenarioRun(s, cancellationToken)).ToList();
        var all = Task.WhenAll(runs.Select(static r => Task.Run(r.RunAsync)));
        using (var timer = new PeriodicTimer(SampleEvery))
        {
            var progress = Progress?.Start(runs);
            while (!all.IsCompleted)
            {
                await Task.WhenAny(all, timer.WaitForNextTickAsync(CancellationToken.None).AsTask()).ConfigureAwait(false);
                foreach (var run in runs)
                {
                    if (!run.Finished)
                    {
                        run.Counted?.SampleNow();
                    }
                }

                Progress?.Update(runs);
            }

            await all.ConfigureAwait(false);
            Progress?.Stop(runs);
            if (progress is not null)
            {
                await progress.ConfigureAwait(false);
            }
        }

        var scenarios = runs.Select(Result).ToList();
        return new LoadResult(Title, startedAt, TimeProvider.System.GetElapsedTime(started), scenarios) { StoppedEarly = cancellationToken.IsCancellationRequested };
    }

    /// <summary>Writes <paramref name="result"/> in the runner's formats into its folder; returns the files written.</summary>
    /// <param name="result">The result, with any sections the caller added.</param>
    /// <returns>The files.</returns>
    public IReadOnlyList<string> WriteReports(LoadResult result) =>
        ReportFolder is null ? [] : ReportWriter.Write(result, ReportFolder, ReportFileName ?? ReportWriter.DefaultName(result), Formats);

    private static ScenarioResult Result(ScenarioRun run)
    {
        var stats = run.Counted ?? new ScenarioStats(run.Scenario.Name);
        stats.SampleNow(); // the last partial second, into the totals
        var whole = StepResult.Of(run.Scenario.Name, "(all)", stats.Whole, run.Duration);
        var steps = stats.Steps.Select(s => StepResult.Of(run.Scenario.Name, s.Name, s, run.Duration)).ToList();
        var judged = run.Scenario.Thresholds.Select(t => t.Judge(StepMetrics.Of(whole, t.Metric) ?? double.NaN)).ToList();
        return new ScenarioResult(run.Scenario.Name, run.Duration, whole, steps, stats.Timeline, judged, run.Abandoned);
    }
}
