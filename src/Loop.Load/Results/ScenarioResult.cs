using Loop.Load.Stats;
using Loop.Load.Thresholds;

namespace Loop.Load.Results;

/// <summary>One scenario's outcome: the whole call's row, a row per step, the timeline, and its thresholds judged.</summary>
/// <param name="Name">The scenario.</param>
/// <param name="Duration">How long its counted simulations ran.</param>
/// <param name="Whole">The whole call, from intended start to end.</param>
/// <param name="Steps">The named steps, if the scenario has any.</param>
/// <param name="Timeline">A point per second.</param>
/// <param name="Thresholds">Its thresholds, judged on <paramref name="Whole"/>.</param>
/// <param name="Abandoned">Calls still in flight when the run stopped waiting for them.</param>
public sealed record ScenarioResult(
    string Name,
    TimeSpan Duration,
    StepResult Whole,
    IReadOnlyList<StepResult> Steps,
    IReadOnlyList<TimelinePoint> Timeline,
    IReadOnlyList<ThresholdResult> Thresholds,
    long Abandoned)
{
    /// <summary>The whole call's row, then each step's: the report's table for this scenario.</summary>
    public IEnumerable<StepResult> Rows => Steps.Prepend(Whole);
}
