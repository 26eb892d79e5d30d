using Loop.Load.Thresholds;

namespace Loop.Load.Results;

/// <summary>A whole run: its scenarios, the caller's sections and gate terms, and the verdict.</summary>
/// <param name="Title">What was run, for the report's heading.</param>
/// <param name="StartedAt">When the run started (UTC).</param>
/// <param name="Duration">How long it ran, warm-up included.</param>
/// <param name="Scenarios">Each scenario's outcome.</param>
public sealed record LoadResult(string Title, DateTimeOffset StartedAt, TimeSpan Duration, IReadOnlyList<ScenarioResult> Scenarios)
{
    /// <summary>Whether the run was stopped before its simulations ended (Ctrl+C): the figures cover the part that ran.</summary>
    public bool StoppedEarly { get; init; }

    /// <summary>Sections the caller adds (e.g. the engine's tick jitter under the load).</summary>
    public IReadOnlyList<ReportSection> Sections { get; init; } = [];

    /// <summary>Gate terms the caller judged on figures of its own (e.g. <c>jitter_p99</c>).</summary>
    public IReadOnlyList<ThresholdResult> ExtraThresholds { get; init; } = [];

    /// <summary>Every threshold judged, the scenarios' then the caller's.</summary>
    public IEnumerable<ThresholdResult> AllThresholds => Scenarios.SelectMany(static s => s.Thresholds).Concat(ExtraThresholds);

    /// <summary>Whether every threshold passed (true with none).</summary>
    public bool Passed => AllThresholds.All(static t => t.Passed);

    /// <summary>Whether any threshold was set.</summary>
    public bool Gated => AllThresholds.Any();
}
