using Loop.Load.Scenarios;
using Loop.Load.Stats;

namespace Loop.Load.Running;

/// <summary>
/// One call of a scenario, queued straight to the thread pool by the open-model dispatcher (no Task.Run
/// closure) and awaited directly by closed-model copies. Its latency runs from the intended start to the end.
/// </summary>
internal sealed class Invocation(Scenario scenario, ScenarioStats stats, long number, long intendedStart, CancellationToken cancellationToken) : IThreadPoolWorkItem
{
    public void Execute() => _ = RunAsync();

    public async Task RunAsync()
    {
        Interlocked.Increment(ref stats.InFlight);
        Response response;
        try
        {
            response = await scenario.Run(new ScenarioContext(scenario.Name, number, intendedStart, stats, cancellationToken)).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            response = StepStats.FailureOf(ex);
        }

        stats.Whole.Record(response, intendedStart, ScenarioContext.Now());
        Interlocked.Decrement(ref stats.InFlight);
    }
}
