using Akka.Actor;
using Akka.Dispatch;

namespace Loop.Actors.Scheduling;

/// <summary>
/// One piece of scheduled work (a tell, an action or a runnable); a repeating one keeps its own grid
/// (first due + n * interval), so it never drifts however late one firing ran.
/// </summary>
internal sealed class ScheduledWork(long firstDue, long interval, ICancelable? cancelable)
{
    private long _firing;

    public ICanTell? Receiver { get; init; }

    public object? Message { get; init; }

    public IActorRef? Sender { get; init; }

    public Action? Action { get; init; }

    public IRunnable? Runnable { get; init; }

    public long Interval { get; } = interval;

    public long FirstDue { get; } = firstDue;

    public long Due { get; private set; } = firstDue;

    /// <summary>
    /// Gets a value indicating whether it must fire on its due time to the microsecond (every repeating
    /// schedule: a tick grid), or may fire up to about a millisecond late (one-shot work: deadlines,
    /// backoff restarts, retries): only precise ones cost the scheduler its high-resolution last stretch.
    /// </summary>
    public bool Precise => Interval > 0;

    public bool IsCancellationRequested => cancelable?.IsCancellationRequested == true;

    /// <summary>Moves to the next firing after <paramref name="now"/> on the original grid (missed ones coalesced).</summary>
    public void AdvancePast(long now)
    {
        var next = _firing + 1;
        var behind = ((now - FirstDue) / Interval) + 1;
        _firing = Math.Max(next, behind);
        Due = FirstDue + (_firing * Interval);
    }

    /// <summary>Does the work; what a receiver or an action throws is the caller's to contain.</summary>
    public void Run()
    {
        if (Receiver is { } receiver)
        {
            receiver.Tell(Message!, Sender);
        }
        else if (Action is { } action)
        {
            action();
        }
        else
        {
            Runnable!.Run();
        }
    }
}
