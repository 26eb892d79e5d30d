using Akka.Actor;
using Akka.Configuration;
using Akka.Dispatch;
using Akka.Event;

namespace Loop.Actors.Scheduling;

/// <summary>
/// Akka's scheduler for the engine, plugged in with <c>akka.scheduler.implementation</c>
/// (<see cref="LoopActorsConfig"/>): a priority queue of due times on a <see cref="TimeProvider"/>'s
/// timestamps. Akka's default HashedWheelTimerScheduler turns on a 10 ms wheel, so a 200 ms tick arrives
/// 6-20 ms late (STACK-NOTES.md); this one, on the real clock, has a dedicated thread sleep until shortly
/// before the earliest due time and then wait precisely, so work is never early and, on an idle machine,
/// late by well under a millisecond. Repeating work keeps its grid (fixed rate, no drift); one-shot work
/// may be up to about a millisecond late and costs no precise wait. On any other
/// <see cref="TimeProvider"/> (a manual clock in tests) it arms that provider's timers instead, so tests
/// advance time without waiting. Every <c>ScheduleTell*</c>, <c>Context.System.Scheduler</c> and
/// <c>Timers</c> user in the engine gets it.
/// </summary>
public class PreciseScheduler : SchedulerBase, IDateTimeOffsetNowTimeProvider, IDisposable
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
    private readonly long _epoch;
    // Two queues, so a coarse entry's rounded-up wait never runs past a precise one's final stretch.
    private readonly PriorityQueue<ScheduledWork, long> _precise = new();
    private readonly PriorityQueue<ScheduledWork, long> _coarse = new();
    private readonly object _gate = new();
    private readonly long _spinTicks;
    private readonly long _hotSpinTicks;
    private readonly ITimer? _timer;
    private bool _disposed;

    /// <summary>Initializes a new instance on the real clock: the constructor Akka calls.</summary>
    /// <param name="config">The <c>akka.scheduler</c> section.</param>
    /// <param name="log">Where failures of scheduled actions are logged.</param>
    public PreciseScheduler(Config config, ILoggingAdapter log)
        : this(config, log, TimeProvider.System)
    {
    }

    /// <summary>Initializes a new instance on <paramref name="time"/> (a manual clock in tests).</summary>
    /// <param name="config">The <c>akka.scheduler</c> section.</param>
    /// <param name="log">Where failures of scheduled actions are logged.</param>
    /// <param name="time">The clock; the real one gets the dedicated precise thread.</param>
    protected PreciseScheduler(Config config, ILoggingAdapter log, TimeProvider time)
        : base(config, log)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        _epoch = time.GetTimestamp();
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

    /// <summary>Gets the clock this scheduler runs on: the one the engine's actors read time from (<see cref="LoopClock"/>).</summary>
    public TimeProvider Time => _time;

    /// <inheritdoc />
    public override TimeSpan MonotonicClock => _time.GetElapsedTime(_epoch);

    /// <inheritdoc />
    public override TimeSpan HighResMonotonicClock => _time.GetElapsedTime(_epoch);

    /// <inheritdoc />
    protected override DateTimeOffset TimeNow => _time.GetUtcNow();

    /// <inheritdoc />
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Stops the thread (or the provider's timer) and drops everything still scheduled.</summary>
    /// <param name="disposing">Whether called from <see cref="Dispose()"/>.</param>
    protected virtual void Dispose(bool disposing)
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

    /// <inheritdoc />
    protected override void InternalScheduleTellOnce(TimeSpan delay, ICanTell receiver, object message, IActorRef sender, ICancelable cancelable) =>
        Add(new ScheduledWork(DueAfter(delay), 0, cancelable) { Receiver = receiver, Message = message, Sender = sender });

    /// <inheritdoc />
    protected override void InternalScheduleTellRepeatedly(TimeSpan initialDelay, TimeSpan interval, ICanTell receiver, object message, IActorRef sender, ICancelable cancelable) =>
        Add(new ScheduledWork(DueAfter(initialDelay), Interval(interval), cancelable) { Receiver = receiver, Message = message, Sender = sender });

    /// <inheritdoc />
    protected override void InternalScheduleOnce(TimeSpan delay, Action action, ICancelable cancelable) =>
        Add(new ScheduledWork(DueAfter(delay), 0, cancelable) { Action = action });

    /// <inheritdoc />
    protected override void InternalScheduleOnce(TimeSpan delay, IRunnable action, ICancelable cancelable) =>
        Add(new ScheduledWork(DueAfter(delay), 0, cancelable) { Runnable = action });

    /// <inheritdoc />
    protected override void InternalScheduleRepeatedly(TimeSpan initialDelay, TimeSpan interval, Action action, ICancelable cancelable) =>
        Add(new ScheduledWork(DueAfter(initialDelay), Interval(interval), cancelable) { Action = action });

    /// <inheritdoc />
    protected override void InternalScheduleRepeatedly(TimeSpan initialDelay, TimeSpan interval, IRunnable action, ICancelable cancelable) =>
        Add(new ScheduledWork(DueAfter(initialDelay), Interval(interval), cancelable) { Runnable = action });

    private long Interval(TimeSpan interval) => Math.Clamp(ToTimestampTicks(interval), 1, Never);

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
            : (long)Math.Ceiling(ticks);
    }

    private long DueAfter(TimeSpan delay) => Math.Min(_time.GetTimestamp() + ToTimestampTicks(delay < TimeSpan.Zero ? TimeSpan.Zero : delay), long.MaxValue - Never);

    private void Add(ScheduledWork entry)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return; // the system is shutting down: Akka's own scheduler drops late work the same way
            }

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
    }

    /// <summary>Runs everything due at <paramref name="now"/>; repeating entries go back on their grid.</summary>
    private void FireDue(long now)
    {
        List<ScheduledWork>? due = null;
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
                entry.Run();
            }
            catch (Exception ex)
            {
                // The scheduler thread must survive a throwing action; the other work goes on.
                Log.Error(ex, "a scheduled action failed: {0}", ex.Message);
            }
        }
    }

    private static void TakeDue(PriorityQueue<ScheduledWork, long> queue, long now, ref List<ScheduledWork>? due)
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
                        due = coarse; // a deadline or a housekeeping timer that is due: run it now
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
        // Under the lock: two threads arming at once must not leave the later, longer wait in force.
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            var hasPrecise = _precise.TryPeek(out _, out var precise);
            var hasCoarse = _coarse.TryPeek(out _, out var coarse);
            var wait = hasPrecise || hasCoarse
                ? _time.GetElapsedTime(0, Math.Max(0, Math.Min(hasPrecise ? precise : long.MaxValue, hasCoarse ? coarse : long.MaxValue) - _time.GetTimestamp()))
                : Timeout.InfiniteTimeSpan;
            _timer!.Change(wait, Timeout.InfiniteTimeSpan);
        }
    }
}
