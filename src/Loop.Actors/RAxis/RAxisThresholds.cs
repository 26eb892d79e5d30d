namespace Loop.Actors.RAxis;

/// <summary>The spec's r_axis bounds (defaults from SOURCES.md).</summary>
public sealed record RAxisThresholds
{
    /// <summary>Gets the loop latency above which the loop scope warns once it held for <see cref="WarnFor"/>.</summary>
    public double WarnLatencyMs { get; init; } = 60;

    /// <summary>Gets how long the latency must stay above <see cref="WarnLatencyMs"/> before WARN.</summary>
    public TimeSpan WarnFor { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Gets the loop latency above which the loop scope blocks once it held for <see cref="BlockFor"/>.</summary>
    public double BlockLatencyMs { get; init; } = 80;

    /// <summary>Gets how long the latency must stay above <see cref="BlockLatencyMs"/> before BLOCK.</summary>
    public TimeSpan BlockFor { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets a value indicating whether a loop BLOCK pauses the loop's side effects (else it only reports).</summary>
    public bool PauseOnLoopBlock { get; init; } = true;

    /// <summary>Gets the success rate below which an adapter warns, over <see cref="WarnWindow"/>.</summary>
    public double WarnSuccessRate { get; init; } = 0.97;

    /// <summary>Gets the window of <see cref="WarnSuccessRate"/>.</summary>
    public TimeSpan WarnWindow { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets the consecutive failures at which an adapter warns at once.</summary>
    public int WarnConsecutiveFailures { get; init; } = 3;

    /// <summary>Gets the success rate below which an adapter blocks, over <see cref="BlockWindow"/>.</summary>
    public double BlockSuccessRate { get; init; } = 0.5;

    /// <summary>Gets the window of <see cref="BlockSuccessRate"/>.</summary>
    public TimeSpan BlockWindow { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Gets how often a blocked adapter gets one trial call (half-open).</summary>
    public TimeSpan TrialEvery { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets a value indicating whether an adapter BLOCK falls by itself once clear (else only ack_block lowers it).</summary>
    public bool AutoClear { get; init; } = true;

    /// <summary>Gets how long a condition must stay clear before its level falls (hysteresis).</summary>
    public TimeSpan ClearFor { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets the fewest calls in a window before its success rate can raise a level (one early failure is no rate).</summary>
    public int MinCallsForRate { get; init; } = 10;
}
