using Loop.Load.Scenarios;
using Loop.Load.Stats;

namespace Loop.Load.Running;

/// <summary>
/// One call of a scenario, queued straight to the thread pool by the open-model dispatcher (no Task.Run
/// closure) and awaited directly by closed-model copies. Its latency runs from the intended start to the end.
/// </summary>
internal sealed class Invocation : IThreadPoolWorkItem
{
    private readonly Scenario _scenario;
    private readonly ScenarioStats _stats;
    private readonly long _number;
    private readonly long _intendedStart;
    private readonly CancellationToken _cancellationToken;

    /// <summary>
    /// Counts the call in flight from the moment it exists, not from when a thread-pool thread runs it: counted at
    /// its start, a call still queued when the run drained was missed, and it recorded after the report was read
    /// (a report with one request fewer than its status codes, or a histogram changed while being read).
    /// </summary>
    public Invocation(Scenario scenario, ScenarioStats stats, long number, long intendedStart, CancellationToken cancellationToken)
    {
        (_scenario, _stats, _number, _intendedStart, _cancellationToken) = (scenario, stats, number, intendedStart, cancellationToken);
        Interlocked.Increment(ref stats.InFlight);
    }

    public void Execute() => _ = RunAsync();

    public async Task RunAsync()
    {
        var (scenario, stats, number, intendedStart, cancellationToken) = (_scenario, _stats, _number, _intendedStart, _cancellationToken);
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
