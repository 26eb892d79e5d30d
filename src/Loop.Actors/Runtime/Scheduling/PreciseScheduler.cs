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
    // Below this much remaining time the thread stops sleeping and waits actively: sleeping on
    // Linux can overshoot by a few hundred microseconds, more on a loaded machine. Costs at most
    // this much CPU per firing (1% of a core at a 200 ms tick).
    private static readonly TimeSpan SpinWindow = TimeSpan.FromMilliseconds(2);

    // In the last stretch the thread does not even yield: a yield can hand the core to another
    // thread for a whole time slice.
    private static readonly TimeSpan HotSpin = TimeSpan.FromMilliseconds(0.3);

    // Monitor.Wait takes at most int.MaxValue ms; the loop re-checks after a long wait anyway.
    private static readonly TimeSpan LongestWait = TimeSpan.FromHours(1);

    // Far enough to never fire, small enough that adding an interval cannot overflow.
    private static readonly long Never = long.MaxValue / 4;

    private readonly TimeProvider _time;
    private readonly PriorityQueue<ScheduledTell, long> _queue = new();
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
        return Add(new ScheduledTell(receiver, message, sender ?? ActorRefs.NoSender, first, Math.Clamp(ToTimestampTicks(interval), 1, Never)));
    }

    public ICancelable ScheduleTellAtFixedRate(long firstDue, TimeSpan interval, IActorRef receiver, object message, IActorRef sender)
    {
        Validate(receiver, message);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        return Add(new ScheduledTell(receiver, message, sender ?? ActorRefs.NoSender, firstDue, Math.Clamp(ToTimestampTicks(interval), 1, Never)));
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _queue.Clear();
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
            var wasEarliest = !_queue.TryPeek(out _, out var earliest) || entry.Due < earliest;
            _queue.Enqueue(entry, entry.Due);
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
            while (_queue.TryPeek(out var entry, out var at) && at <= now)
            {
                _queue.Dequeue();
                if (entry.IsCancellationRequested)
                {
                    continue;
                }

                (due ??= []).Add(entry);
                if (entry.Interval > 0)
                {
                    entry.AdvancePast(now);
                    _queue.Enqueue(entry, entry.Due);
                }
            }
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

    private void RunPreciseLoop()
    {
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

                    if (!_queue.TryPeek(out _, out due))
                    {
                        Monitor.Wait(_gate);
                        continue;
                    }

                    var remaining = due - _time.GetTimestamp();
                    if (remaining <= _spinTicks)
                    {
                        break;
                    }

                    var sleep = _time.GetElapsedTime(0, remaining - _spinTicks);
                    Monitor.Wait(_gate, sleep < LongestWait ? sleep : LongestWait);
                }
            }

            // The last stretch: wait actively until due. Never early, by construction.
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

            wait = _queue.TryPeek(out _, out var due)
                ? _time.GetElapsedTime(0, Math.Max(0, due - _time.GetTimestamp()))
                : Timeout.InfiniteTimeSpan;
        }

        _timer!.Change(wait, Timeout.InfiniteTimeSpan);
    }
}
