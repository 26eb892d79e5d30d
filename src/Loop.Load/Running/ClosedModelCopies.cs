using System.Diagnostics;
using Loop.Load.Scenarios;
using Loop.Load.Simulations;
using Loop.Load.Stats;

namespace Loop.Load.Running;

/// <summary>
/// Runs a closed-model simulation: copies that each call again when their call ends (after the scenario's
/// think time). The count follows the simulation (a ramp is re-read every 100 ms); a copy above the count
/// finishes its call and stops. In this model a slow target lowers the load: the report's rate shows it.
/// </summary>
internal sealed class ClosedModelCopies(Scenario scenario, LoadSimulation simulation, int fromCopies, ScenarioStats stats, Func<long> nextNumber, CancellationToken cancellationToken)
{
    private static readonly TimeSpan Reread = TimeSpan.FromMilliseconds(100);
    private readonly List<Task> _copies = [];
    private int _target;
    private long _end;

    public async Task RunAsync()
    {
        var start = Stopwatch.GetTimestamp();
        _end = start + (long)(simulation.During.TotalSeconds * Stopwatch.Frequency);
        try
        {
            while (!cancellationToken.IsCancellationRequested && Stopwatch.GetTimestamp() < _end)
            {
                var fraction = Stopwatch.GetElapsedTime(start).TotalSeconds / simulation.During.TotalSeconds;
                var target = simulation.CopiesAt(Math.Min(1, fraction), fromCopies);
                Volatile.Write(ref _target, target);
                for (var i = 0; i < target; i++)
                {
                    if (i == _copies.Count)
                    {
                        _copies.Add(CopyAsync(i, target));
                    }
                    else if (_copies[i].IsCompleted)
                    {
                        _copies[i] = CopyAsync(i, target);
                    }
                }

                // the end may have passed since the loop's check: a negative delay would throw
                var left = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), _end);
                if (left <= TimeSpan.Zero)
                {
                    break;
                }

                await Task.Delay(left < Reread ? left : Reread, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // stopped: the copies finish their calls below
        }

        Volatile.Write(ref _target, 0);
        await Task.WhenAll(_copies).ConfigureAwait(false);
    }

    private async Task CopyAsync(int index, int copies)
    {
        var think = scenario.ThinkTime;
        if (think > TimeSpan.Zero && index > 0)
        {
            // users who arrive together do not click together: the copies' first calls are spread over one think time
            await PauseAsync(think * index / Math.Max(1, copies)).ConfigureAwait(false);
        }

        while (!cancellationToken.IsCancellationRequested && index < Volatile.Read(ref _target) && Stopwatch.GetTimestamp() < _end)
        {
            await new Invocation(scenario, stats, nextNumber(), Stopwatch.GetTimestamp(), cancellationToken).RunAsync().ConfigureAwait(false);
            if (think > TimeSpan.Zero)
            {
                await PauseAsync(think).ConfigureAwait(false);
            }
        }
    }

    private async Task PauseAsync(TimeSpan wait)
    {
        try
        {
            await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
    }
}
