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

    /// <summary>
    /// The fewest calls a window needs before its rate is judged against <paramref name="bound"/>: at least
    /// <see cref="MinCallsForRate"/>, and enough that one failure alone cannot take the rate below the
    /// bound (34 calls for 0.97, since 32 of 33 is 0.9697). One failure in a new adapter's first calls is
    /// noise, not a success rate below 97%.
    /// </summary>
    /// <param name="bound">The success-rate bound (warn_success_rate or block_success_rate).</param>
    /// <returns>The calls needed.</returns>
    public int MinCallsFor(double bound) =>
        bound >= 1 ? MinCallsForRate : Math.Max(MinCallsForRate, (int)Math.Min(1000, Math.Ceiling((1 / (1 - bound)) - 1e-9)));
}
