using System.Diagnostics;
using Loop.Actors.Scheduling;
using Loop.Load.Scenarios;
using Loop.Load.Simulations;
using Loop.Load.Stats;

namespace Loop.Load.Running;

/// <summary>
/// Starts an open-model simulation's calls at their due instants, on a thread of its own that sleeps to each
/// instant with microsecond resolution (<see cref="FineSleep"/>), whatever the target is doing. A call that
/// cannot start on time (no free connection, a busy machine) is still measured from its due instant, so a
/// stalled target shows in the percentiles instead of quietly slowing the load (no coordinated omission).
/// </summary>
internal static class OpenModelDispatcher
{
    // Long gaps (presets: 2 s) are slept in slices so a stop is noticed within this.
    private static readonly long SliceTicks = Stopwatch.Frequency / 10;

    public static Task RunAsync(Scenario scenario, LoadSimulation simulation, double fromPerSecond, ScenarioStats stats, Func<long> nextNumber, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                Dispatch(scenario, simulation, fromPerSecond, stats, nextNumber, cancellationToken);
                done.SetResult();
            }
            catch (Exception ex)
            {
                done.SetException(ex);
            }
        })
        {
            IsBackground = true,
            Name = "loop-load " + scenario.Name,
        };
        thread.Start();
        return done.Task;
    }

    private static void Dispatch(Scenario scenario, LoadSimulation simulation, double fromPerSecond, ScenarioStats stats, Func<long> nextNumber, CancellationToken cancellationToken)
    {
        var fine = FineSleep.TryPrepareThread();
        var inline = new InlineStarts();
        var start = Stopwatch.GetTimestamp();
        for (long k = 0; !cancellationToken.IsCancellationRequested; k++)
        {
            if (simulation.DueSeconds(k, fromPerSecond) is not { } dueSeconds)
            {
                return;
            }

            var due = start + (long)(dueSeconds * Stopwatch.Frequency);
            while (!cancellationToken.IsCancellationRequested && Stopwatch.GetTimestamp() is var now && now < due)
            {
                var until = Math.Min(due, now + SliceTicks);
                if (fine)
                {
                    FineSleep.Until(until);
                }
                else
                {
                    Thread.Sleep(TimeSpan.FromTicks(Math.Max(1, Stopwatch.GetElapsedTime(now, until).Ticks)));
                }
            }

            var invocation = new Invocation(scenario, stats, nextNumber(), due, cancellationToken);
            if (inline.ShouldRun())
            {
                var started = Stopwatch.GetTimestamp();
                _ = invocation.RunAsync();
                inline.Ran(Stopwatch.GetTimestamp() - started);
            }
            else if (!inline.HasFirst)
            {
                inline.First(Task.Run(invocation.RunAsync, CancellationToken.None));
            }
            else
            {
                ThreadPool.UnsafeQueueUserWorkItem(invocation, preferLocal: false);
            }
        }

        // the end of the simulation: wait out its last gap so the next one starts on time
        var end = start + (long)(simulation.During.TotalSeconds * Stopwatch.Frequency);
        while (!cancellationToken.IsCancellationRequested && Stopwatch.GetTimestamp() < end)
        {
            Thread.Sleep(TimeSpan.FromTicks(Math.Max(1, Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), end).Ticks)));
        }
    }
}
