namespace Loop.Actors.Runtime;

/// <summary>One scheduled send; a repeating one keeps its own grid (first due + n * interval).</summary>
internal sealed class ScheduledTell(IActorRef receiver, object message, IActorRef sender, long firstDue, long interval) : ICancelable
{
    private volatile bool _cancelled;
    private long _firing;

    public IActorRef Receiver { get; } = receiver;

    public object Message { get; } = message;

    public IActorRef Sender { get; } = sender;

    public long Interval { get; } = interval;

    public long FirstDue { get; } = firstDue;

    public long Due { get; private set; } = firstDue;

    /// <summary>
    /// Gets a value indicating whether it must fire on its due time to the microsecond (every repeating
    /// schedule: a tick grid), or may fire up to about a millisecond late (one-shot tells: deadlines,
    /// backoff restarts, retries; later still by up to the ~2 ms of a precise one's last stretch when they
    /// fall in it): only precise ones cost the scheduler its high-resolution last stretch.
    /// </summary>
    public bool Precise { get; init; }

    public bool IsCancellationRequested => _cancelled;

    public void Cancel() => _cancelled = true;

    /// <summary>Moves to the next firing after <paramref name="now"/> on the original grid (missed ones coalesced).</summary>
    public void AdvancePast(long now)
    {
        var next = _firing + 1;
        var behind = ((now - FirstDue) / Interval) + 1;
        _firing = Math.Max(next, behind);
        Due = FirstDue + (_firing * Interval);
    }
}
