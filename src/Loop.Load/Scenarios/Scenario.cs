using Loop.Load.Simulations;
using Loop.Load.Thresholds;

namespace Loop.Load.Scenarios;

/// <summary>
/// A named piece of work run again and again under a load (NBomber's <c>Scenario.Create(name, run)</c>):
/// the work, the load simulations it runs under, one after another, a warm-up whose calls are not counted,
/// and the thresholds its result is judged by.
/// </summary>
public sealed record Scenario
{
    private Scenario(string name, Func<ScenarioContext, Task<Response>> run)
    {
        Name = name;
        Run = run;
    }

    /// <summary>The scenario's name, unique among the scenarios of one run.</summary>
    public string Name { get; }

    /// <summary>One call of the scenario; may run named <see cref="Step"/>s.</summary>
    public Func<ScenarioContext, Task<Response>> Run { get; }

    /// <summary>The load, simulation after simulation.</summary>
    public IReadOnlyList<LoadSimulation> Simulations { get; init; } = [];

    /// <summary>How long to run before counting: the first simulation's shape, for this long (zero: none).</summary>
    public TimeSpan WarmUp { get; init; }

    /// <summary>What the result must meet.</summary>
    public IReadOnlyList<Threshold> Thresholds { get; init; } = [];

    /// <summary>
    /// Closed model only: how long a copy waits after each call before its next, like a user reading the
    /// page (not counted in latency). Zero: back to back.
    /// </summary>
    public TimeSpan ThinkTime { get; init; }

    /// <summary>A scenario named <paramref name="name"/> that calls <paramref name="run"/>.</summary>
    /// <param name="name">The name.</param>
    /// <param name="run">One call.</param>
    /// <returns>The scenario, with no load yet.</returns>
    public static Scenario Create(string name, Func<ScenarioContext, Task<Response>> run)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(run);
        return new Scenario(name, run);
    }

    /// <summary>Runs under these simulations, in order.</summary>
    /// <param name="simulations">The simulations.</param>
    /// <returns>A copy with the simulations.</returns>
    public Scenario WithLoadSimulations(params LoadSimulation[] simulations) => this with { Simulations = simulations };

    /// <summary>Warms up for <paramref name="duration"/> before counting.</summary>
    /// <param name="duration">The warm-up.</param>
    /// <returns>A copy with the warm-up.</returns>
    public Scenario WithWarmUpDuration(TimeSpan duration) => this with { WarmUp = duration };

    /// <summary>Judged by these thresholds.</summary>
    /// <param name="thresholds">The thresholds.</param>
    /// <returns>A copy with the thresholds.</returns>
    public Scenario WithThresholds(params Threshold[] thresholds) => this with { Thresholds = thresholds };

    /// <summary>Each closed-model copy waits <paramref name="think"/> between its calls.</summary>
    /// <param name="think">The wait.</param>
    /// <returns>A copy with the think time.</returns>
    public Scenario WithThinkTime(TimeSpan think) => this with { ThinkTime = think };

    /// <summary>How long the simulations last together (warm-up not included).</summary>
    public TimeSpan Duration => Simulations.Aggregate(TimeSpan.Zero, static (sum, s) => sum + s.During);
}
