namespace Loop.TestKit;

/// <summary>
/// A clock that moves only when a test calls <see cref="Advance"/> (what FakeTimeProvider does, which
/// the package source here does not serve). Timers fire during <see cref="Advance"/>, in due order,
/// after the clock has moved to its new time, as Akka's TestScheduler does: a timer is late by up to
/// the step, which is what lets tests catch an implementation that lets lateness become drift.
/// </summary>
public sealed class ManualTimeProvider : TimeProvider
{
    private readonly object _gate = new();
    private readonly List<ManualTimer> _timers = [];
    private DateTimeOffset _now;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="start">The initial time; 2026-01-01T00:00:00Z when null.</param>
    public ManualTimeProvider(DateTimeOffset? start = null)
    {
        _now = start ?? new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    }

    /// <inheritdoc />
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <inheritdoc />
    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    /// <inheritdoc />
    public override long GetTimestamp()
    {
        lock (_gate)
        {
            return _now.UtcTicks;
        }
    }

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new ManualTimer(this, callback, state);
        lock (_gate)
        {
            _timers.Add(timer);
        }

        timer.Change(dueTime, period);

        // As a real timer (and FakeTimeProvider): one due now fires now, not at the next Advance.
        FireDueTimers();
        return timer;
    }

    /// <summary>Moves the clock forward and fires every timer that became due, in due order.</summary>
    /// <param name="delta">How far to move (zero or more).</param>
    public void Advance(TimeSpan delta)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delta, TimeSpan.Zero);
        lock (_gate)
        {
            _now += delta;
        }

        FireDueTimers();
    }

    internal bool Change(ManualTimer timer, TimeSpan dueTime, TimeSpan period)
    {
        lock (_gate)
        {
            if (timer.Disposed)
            {
                return false;
            }

            timer.Due = dueTime == Timeout.InfiniteTimeSpan ? -1 : _now.UtcTicks + Math.Clamp(dueTime.Ticks, 0, long.MaxValue / 2);
            timer.Period = period == Timeout.InfiniteTimeSpan || period <= TimeSpan.Zero ? 0 : period.Ticks;
            return true;
        }
    }

    internal void Remove(ManualTimer timer)
    {
        lock (_gate)
        {
            timer.Disposed = true;
            timer.Due = -1;
            _timers.Remove(timer);
        }
    }

    private void FireDueTimers()
    {
        while (true)
        {
            ManualTimer? next = null;
            lock (_gate)
            {
                var now = _now.UtcTicks;
                foreach (var timer in _timers)
                {
                    if (timer.Due >= 0 && timer.Due <= now && (next is null || timer.Due < next.Due))
                    {
                        next = timer;
                    }
                }

                if (next is null)
                {
                    return;
                }

                next.Due = next.Period > 0 ? next.Due + next.Period : -1;
            }

            next.Fire();
        }
    }
}
