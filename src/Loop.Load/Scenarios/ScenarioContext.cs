using System.Diagnostics;
using Loop.Load.Stats;

namespace Loop.Load.Scenarios;

/// <summary>One call of a scenario: which call it is, the run's cancellation, and where its steps record.</summary>
public sealed class ScenarioContext
{
    internal ScenarioContext(string scenarioName, long invocationNumber, long intendedStart, ScenarioStats stats, CancellationToken cancellationToken)
    {
        ScenarioName = scenarioName;
        InvocationNumber = invocationNumber;
        StepStart = intendedStart;
        Stats = stats;
        CancellationToken = cancellationToken;
    }

    /// <summary>The scenario's name.</summary>
    public string ScenarioName { get; }

    /// <summary>This call's number within the run, from 0 (warm-up calls have their own numbers).</summary>
    public long InvocationNumber { get; }

    /// <summary>Cancelled when the run is stopped (Ctrl+C).</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>
    /// Where the next step's latency is measured from: the call's intended start for its first step (so time
    /// spent waiting to start counts), then the end of the step before.
    /// </summary>
    internal long StepStart { get; set; }

    internal ScenarioStats Stats { get; }

    internal static long Now() => Stopwatch.GetTimestamp();
}
