namespace Loop.Actors.Runtime;

/// <summary>
/// The scheduler: a priority queue of due times on the system clock's timestamps.
/// On the real clock a dedicated thread sleeps until shortly before the earliest due time and then
/// waits precisely (yielding) until it is due, so a send is never early and, on an idle machine,
/// late by well under a millisecond; timer-based waits (Akka's 10 ms wheel, PeriodicTimer) are
/// late by milliseconds. On any other <see cref="TimeProvider"/> (a manual clock in tests) it arms
/// that provider's timers instead, so tests advance time without real waiting.
/// </summary>
internal sealed class PreciseScheduler : IScheduler, IDisposable
{
    // Below this much remaining time to a precise firing the thread stops waiting on the monitor
    // (whose timeout has millisecond steps) and finishes with a high-resolution sleep to an absolute
    // time (clock_nanosleep on Linux), then waits actively for what is left.
    private static readonly TimeSpan SpinWindow = TimeSpan.FromMilliseconds(2);

    // What the high-resolution sleep leaves to the active wait: its own wake-up latency on a quiet
    // machine is tens of microseconds. Where there is no such sleep, the whole window is waited actively.
    private static readonly TimeSpan HotSpin = TimeSpan.FromMilliseconds(0.1);

    // Monitor.Wait takes at most int.MaxValue ms; the loop re-checks after a long wait anyway.
    private static readonly TimeSpan LongestWait = TimeSpan.FromHours(1);

    // Far enough to never fire, small enough that adding an interval cannot overflow.
    private static readonly long Never = long.MaxValue / 4;

    private readonly TimeProvider _time;
    // Two queues, so a coarse entry's rounded-up wait never runs past a precise one's final stretch.
    private readonly PriorityQueue<ScheduledTell, long> _precise = new();
    private readonly PriorityQueue<ScheduledTell, long> _coarse = new();
    private readonly object _gate = new();
    private readonly long _spinTicks;
    private readonly long _hotSpinTicks;
    private readonly ITimer? _timer;
    private bool _disposed;

    public PreciseScheduler(TimeProvider time)
    {
        _time = time;
        _spinTicks = ToTimestampTicks(SpinWindow);
        _hotSpinTicks = ToTimestampTicks(HotSpin);
        if (ReferenceEquals(time, TimeProvider.System))
        {
            var thread = new Thread(RunPreciseLoop) { IsBackground = true, Name = "loop-scheduler", Priority = ThreadPriority.AboveNormal };
            thread.Start();
        }
        else
        {
            _timer = time.CreateTimer(static s => ((PreciseScheduler)s!).OnProviderTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
    }

    public ICancelable ScheduleTellOnce(TimeSpan delay, IActorRef receiver, object message, IActorRef sender)
    {
        Validate(receiver, message);
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        return Add(new ScheduledTell(receiver, message, sender ?? ActorRefs.NoSender, DueAfter(delay), 0));
    }

    public ICancelable ScheduleTellRepeatedly(TimeSpan initialDelay, TimeSpan interval, IActorRef receiver, object message, IActorRef sender)
    {
        Validate(receiver, message);
        ArgumentOutOfRangeException.ThrowIfLessThan(initialDelay, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        var first = DueAfter(initialDelay);
        return Add(new ScheduledTell(receiver, message, sender ?? ActorRefs.NoSender, first, Math.Clamp(ToTimestampTicks(interval), 1, Never)) { Precise = true });
    }

    public ICancelable ScheduleTellAtFixedRate(long firstDue, TimeSpan interval, IActorRef receiver, object message, IActorRef sender)
    {
        Validate(receiver, message);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        return Add(new ScheduledTell(receiver, message, sender ?? ActorRefs.NoSender, firstDue, Math.Clamp(ToTimestampTicks(interval), 1, Never)) { Precise = true });
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _precise.Clear();
            _coarse.Clear();
            Monitor.PulseAll(_gate);
        }

        _timer?.Dispose();
    }

    private static void Validate(IActorRef receiver, object message)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        ArgumentNullException.ThrowIfNull(message);
    }

    /// <summary>Converts to timestamp ticks, saturating at <see cref="Never"/> instead of overflowing.</summary>
    private long ToTimestampTicks(TimeSpan span)
    {
        var frequency = _time.TimestampFrequency;
        var ticks = span.Ticks * ((double)frequency / TimeSpan.TicksPerSecond);
        if (ticks >= Never)
        {
            return Never;
        }

        return frequency % TimeSpan.TicksPerSecond == 0
            ? span.Ticks * (frequency / TimeSpan.TicksPerSecond)
            : (long)ticks;
    }

    private long DueAfter(TimeSpan delay) => Math.Min(_time.GetTimestamp() + ToTimestampTicks(delay), long.MaxValue - Never);

    private ScheduledTell Add(ScheduledTell entry)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var queue = entry.Precise ? _precise : _coarse;
            var wasEarliest = !queue.TryPeek(out _, out var earliest) || entry.Due < earliest;
            queue.Enqueue(entry, entry.Due);
            if (wasEarliest)
            {
                Monitor.PulseAll(_gate);
            }
        }

        if (_timer is not null)
        {
            ArmProviderTimer();
        }

        return entry;
    }

    /// <summary>Sends everything due at <paramref name="now"/>; repeating entries go back on their grid.</summary>
    private void FireDue(long now)
    {
        List<ScheduledTell>? due = null;
        lock (_gate)
        {
            TakeDue(_precise, now, ref due);
            TakeDue(_coarse, now, ref due);
        }

        if (due is null)
        {
            return;
        }

        foreach (var entry in due)
        {
            try
            {
                entry.Receiver.Tell(entry.Message, entry.Sender);
            }
            catch (Exception)
            {
                // A foreign IActorRef threw: the scheduler thread must survive it; other sends go on.
            }
        }
    }

    private static void TakeDue(PriorityQueue<ScheduledTell, long> queue, long now, ref List<ScheduledTell>? due)
    {
        while (queue.TryPeek(out var entry, out var at) && at <= now)
        {
            queue.Dequeue();
            if (entry.IsCancellationRequested)
            {
                continue;
            }

            (due ??= []).Add(entry);
            if (entry.Interval > 0)
            {
                entry.AdvancePast(now);
                queue.Enqueue(entry, entry.Due);
            }
        }
    }

    private void RunPreciseLoop()
    {
        var fineSleep = FineSleep.TryPrepareThread();
        while (true)
        {
            long due;
            lock (_gate)
            {
                while (true)
                {
                    if (_disposed)
                    {
                        return;
                    }

                    var hasPrecise = _precise.TryPeek(out _, out var precise);
                    var hasCoarse = _coarse.TryPeek(out _, out var coarse);
                    if (!hasPrecise && !hasCoarse)
                    {
                        Monitor.Wait(_gate);
                        continue;
                    }

                    var at = _time.GetTimestamp();
                    if (hasCoarse && coarse <= at)
                    {
                        due = coarse; // a deadline or a housekeeping timer that is due: fire it now
                        break;
                    }

                    if (hasPrecise && _time.GetElapsedTime(at, precise - _spinTicks) < TimeSpan.FromMilliseconds(1))
                    {
                        due = precise; // a tick's last stretch (the monitor's millisecond steps end here)
                        break;
                    }

                    // Asleep until the coarse one, rounded up to the monitor's millisecond (never early,
                    // at most about a millisecond late), or until a precise one's last stretch begins.
                    var wait = hasCoarse ? TimeSpan.FromMilliseconds(Math.Ceiling(_time.GetElapsedTime(at, coarse).TotalMilliseconds)) : LongestWait;
                    if (hasPrecise && _time.GetElapsedTime(at, precise - _spinTicks) is var untilStretch && untilStretch < wait)
                    {
                        wait = untilStretch;
                    }

                    Monitor.Wait(_gate, wait < LongestWait ? wait : LongestWait);
                }
            }

            // The last stretch to a precise firing: a high-resolution sleep to just before it, then an
            // active wait. Never early, by construction.
            if (fineSleep && due - _time.GetTimestamp() > _hotSpinTicks)
            {
                FineSleep.Until(due - _hotSpinTicks);
            }

            long now;
            while ((now = _time.GetTimestamp()) < due)
            {
                if (due - now > _hotSpinTicks)
                {
                    Thread.Yield();
                }
                else
                {
                    Thread.SpinWait(20);
                }
            }

            FireDue(_time.GetTimestamp());
        }
    }

    private void OnProviderTimer()
    {
        FireDue(_time.GetTimestamp());
        ArmProviderTimer();
    }

    private void ArmProviderTimer()
    {
        TimeSpan wait;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            var hasPrecise = _precise.TryPeek(out _, out var precise);
            var hasCoarse = _coarse.TryPeek(out _, out var coarse);
            wait = hasPrecise || hasCoarse
                ? _time.GetElapsedTime(0, Math.Max(0, Math.Min(hasPrecise ? precise : long.MaxValue, hasCoarse ? coarse : long.MaxValue) - _time.GetTimestamp()))
                : Timeout.InfiniteTimeSpan;
        }

        _timer!.Change(wait, Timeout.InfiniteTimeSpan);
    }
}
