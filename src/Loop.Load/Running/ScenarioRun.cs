using System.Diagnostics;
using Loop.Load.Scenarios;
using Loop.Load.Simulations;
using Loop.Load.Stats;

namespace Loop.Load.Running;

/// <summary>
/// Runs one scenario: its warm-up (the first simulation's shape, counted apart and thrown away), then its
/// simulations in order, then waits for the calls still in flight. A ramp starts from the level of the
/// simulation before it when that one was of the same model, from 0 otherwise.
/// </summary>
internal sealed class ScenarioRun(Scenario scenario, CancellationToken cancellationToken)
{
    private static readonly TimeSpan DrainLimit = TimeSpan.FromSeconds(60);
    private long _numbers = -1;

    public Scenario Scenario { get; } = scenario;

    /// <summary>The counted part's stats; null during the warm-up.</summary>
    public ScenarioStats? Counted { get; private set; }

    /// <summary>How long the counted simulations ran (the calls per second divide by this).</summary>
    public TimeSpan Duration { get; private set; }

    /// <summary>Calls still in flight when the run gave up waiting for them (not counted).</summary>
    public long Abandoned { get; private set; }

    public bool Finished { get; private set; }

    public async Task RunAsync()
    {
        if (Scenario.WarmUp > TimeSpan.Zero && Scenario.Simulations.Count > 0)
        {
            var first = Scenario.Simulations[0];
            var warm = first.Resized(first.Amount, Scenario.WarmUp);
            var warmStats = new ScenarioStats(Scenario.Name);
            await RunSimulationsAsync([warm], warmStats).ConfigureAwait(false);
            await DrainAsync(warmStats).ConfigureAwait(false);
        }

        var counted = new ScenarioStats(Scenario.Name);
        counted.Start();
        Counted = counted;
        await RunSimulationsAsync(Scenario.Simulations, counted).ConfigureAwait(false);
        Duration = counted.Elapsed;
        Abandoned = await DrainAsync(counted).ConfigureAwait(false);
        Finished = true;
    }

    private long NextNumber() => Interlocked.Increment(ref _numbers);

    private async Task RunSimulationsAsync(IReadOnlyList<LoadSimulation> simulations, ScenarioStats stats)
    {
        LoadSimulation? previous = null;
        foreach (var simulation in simulations)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                return;
            }

            if (simulation.IsOpen)
            {
                var from = previous is { IsOpen: true } ? previous.RatePerSecond : 0;
                await OpenModelDispatcher.RunAsync(Scenario, simulation, from, stats, NextNumber, cancellationToken).ConfigureAwait(false);
            }
            else if (simulation.Kind == LoadSimulationKind.Pause)
            {
                await PauseAsync(simulation.During).ConfigureAwait(false);
            }
            else
            {
                var from = previous is { Kind: LoadSimulationKind.KeepConstant or LoadSimulationKind.RampingConstant } ? previous.Amount : 0;
                await new ClosedModelCopies(Scenario, simulation, from, stats, NextNumber, cancellationToken).RunAsync().ConfigureAwait(false);
            }

            previous = simulation;
        }
    }

    private async Task PauseAsync(TimeSpan during)
    {
        try
        {
            await Task.Delay(during, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
    }

    /// <summary>Waits for the calls in flight (at most a minute, less once stopped); returns how many were left.</summary>
    private async Task<long> DrainAsync(ScenarioStats stats)
    {
        var start = Stopwatch.GetTimestamp();
        while (Interlocked.Read(ref stats.InFlight) > 0)
        {
            var waited = Stopwatch.GetElapsedTime(start);
            if (waited > DrainLimit || (cancellationToken.IsCancellationRequested && waited > TimeSpan.FromSeconds(5)))
            {
                return Interlocked.Read(ref stats.InFlight);
            }

            await Task.Delay(5, CancellationToken.None).ConfigureAwait(false);
        }

        return 0;
    }
}
