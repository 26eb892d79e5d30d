namespace Loop.Actors.Loop;

/// <summary>
/// Published on the event stream when a failed adapter's BackoffSupervisor will start it again
/// (events.jsonl: <c>restarting</c>). <paramref name="Delay"/> is Akka's backoff before its random part,
/// min(max_backoff, min_backoff * 2^(attempt-1)); the real wait is up to <c>random_factor</c> longer.
/// </summary>
/// <param name="Adapter">The adapter's name.</param>
/// <param name="Attempt">The restart number since the last reset (1 for the first).</param>
/// <param name="Delay">The backoff before the restart, without its random part.</param>
/// <param name="Reason">Why the adapter failed.</param>
/// <param name="At">When it failed, on the system's clock (the restart comes at least <paramref name="Delay"/> after).</param>
public sealed record AdapterRestartScheduled(string Adapter, int Attempt, TimeSpan Delay, string Reason, DateTimeOffset At)
{
    /// <summary>Gets the reason class (<see cref="Adapters.AdapterReasons"/>) of the last failed result before the failure; null when none failed.</summary>
    public string? ReasonClass { get; init; }
}
