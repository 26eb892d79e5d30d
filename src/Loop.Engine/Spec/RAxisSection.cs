namespace Loop.Engine.Spec;

/// <summary>The spec's <c>r_axis</c> thresholds (SOURCES.md defaults; acted on from issue 6).</summary>
internal sealed record RAxisSection(
    int WarnLatencyMs,
    TimeSpan WarnFor,
    int BlockLatencyMs,
    TimeSpan BlockFor,
    string OnBlock,
    double WarnSuccessRate,
    TimeSpan WarnWindow,
    int WarnConsecutiveFailures,
    double BlockSuccessRate,
    TimeSpan BlockWindow,
    TimeSpan TrialEvery,
    bool AutoClear,
    TimeSpan ClearFor);
