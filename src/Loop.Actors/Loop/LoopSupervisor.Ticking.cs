using Loop.Actors.Adapters;

namespace Loop.Actors.Loop;

/// <summary>Opening, sending, closing and stopping ticks.</summary>
public sealed partial class LoopSupervisor
{
    private void OnTickDue()
    {
        if (_finished || _stopRequester is not null)
        {
            return;
        }

        var now = _time.GetTimestamp();
        if (now < _start + (_nextTick * _intervalTicks))
        {
            // Not due yet: a firing of a ticker that set_tick cancelled after it had already reached
            // the mailbox. Ticks never start early; the grid's own ticker fires when this one is due.
            return;
        }

        // The scheduler fires on the grid start + n * interval; the grid position tells n even
        // if firings were coalesced after a stall.
        var tick = Math.Max(_nextTick, (now - _start) / _intervalTicks);
        _nextTick = tick + 1;
        if (_open is { } stale)
        {
            // Its deadline message is late (a swamped mailbox): close it before the next opens.
            CloseAtDeadline(stale);
        }

        var due = _start + (tick * _intervalTicks);
        _lastDue = due;
        var dueUtc = _startUtc + (_interval * tick);
        var paused = Paused && !TakeLoopTrial();
        var open = new TickAggregate(tick, due, dueUtc, _time.GetElapsedTime(due, now).TotalMilliseconds, _slots.Count) { Paused = paused };
        _open = open;

        foreach (var slot in _slots)
        {
            slot.DueThisTick = false;
            if (slot.State == AdapterState.Removed)
            {
                open.Exclude(slot.Index);
                continue;
            }

            if (!IsDue(slot, tick))
            {
                open.NotDue(slot.Index); // its interval has not come round: not called, not skipped, not counted
                continue;
            }

            slot.DueThisTick = true;
            open.DueCount++;
            if (!paused && (TakeTrial(slot) || TakeReviveTrial(slot)))
            {
                // A blocked adapter's trial call (half-open), or a parked one's revive trial: sent with
                // the others, its result counts.
            }
            else if ((paused || slot.State != AdapterState.Running || slot.Adapter is null) && open.Record(slot.Index, AdapterOutcome.Skipped))
            {
                RecordOutcome(slot, AdapterOutcome.Skipped, 0); // paused, backing off, parked, disabled, or not started yet
            }
        }

        var batches = _options.Spread > TimeSpan.Zero ? Math.Min(MaxSpreadBatches, _slots.Count) : 1;
        SendTickToBatch(tick, 0);
        for (var batch = 1; batch < batches; batch++)
        {
            Timers.StartSingleTimer((Batch: "batch", batch), new SendBatch(tick, batch), _options.Spread * batch / batches);
        }

        var deadlineIn = _time.GetElapsedTime(now, Math.Max(now, due + DeadlineTicks));
        Timers.StartSingleTimer(DeadlineTimer, new DeadlinePassed(tick), deadlineIn);
        if (open.IsComplete)
        {
            Finish(open, overrun: false);
        }
    }

    /// <summary>Whether the adapter's interval comes round on <paramref name="tick"/>: its faster one while its R-Axis scope is not OK.</summary>
    private bool IsDue(AdapterSlot slot, long tick)
    {
        var period = PeriodTicks(CurrentEvery(slot));
        return period == 1 || tick % period == slot.Phase % period;
    }

    /// <summary>The adapter's interval now: <c>every_failing</c> while its R-Axis scope is not OK, else <c>every</c>.</summary>
    private static TimeSpan CurrentEvery(AdapterSlot slot) =>
        slot.RAxis.Level != RAxis.RAxisLevel.Ok && slot.Definition.EveryFailing > TimeSpan.Zero ? slot.Definition.EveryFailing : slot.Definition.Every;

    /// <summary>An interval in ticks of the interval in force (at least 1; set_tick may leave it off a multiple, and it rounds).</summary>
    private int PeriodTicks(TimeSpan every) =>
        every <= _interval ? 1 : (int)Math.Min(int.MaxValue, Math.Max(1, Math.Round(every / _interval)));

    /// <summary>
    /// Ticks on the grid from <paramref name="firstDue"/> (a timestamp of the loop's clock), every interval.
    /// The delay is rounded up to the scheduler's 100 ns step, so the first firing is never before
    /// <paramref name="firstDue"/>; the scheduler keeps the grid from there (fixed rate, no drift).
    /// </summary>
    private void ScheduleTicks(long firstDue)
    {
        var now = _time.GetTimestamp();
        var untilDue = Math.Max(0, firstDue - now) * (double)TimeSpan.TicksPerSecond / _time.TimestampFrequency;
        var delay = TimeSpan.FromTicks((long)Math.Ceiling(untilDue));
        Timers.StartPeriodicTimer(TickTimer, TickDue.Instance, delay, _interval);
    }

    private long DeadlineTicks => (long)(_options.Deadline.TotalSeconds * _time.TimestampFrequency);

    private void SendTickToBatch(long tick, int batch)
    {
        if (_open is not { } open || open.Tick != tick)
        {
            return;
        }

        var batches = _options.Spread > TimeSpan.Zero ? Math.Min(MaxSpreadBatches, _slots.Count) : 1;
        var message = open.Message ??= new AdapterActor.AdapterTick(tick, open.DueTimestamp + DeadlineTicks);
        for (var i = batch; i < _slots.Count; i += batches)
        {
            var slot = _slots[i];
            if (!open.Paused && slot.DueThisTick && (slot.State == AdapterState.Running || slot.TrialThisTick) && slot.Adapter is { } adapter)
            {
                slot.TrialThisTick = false;
                open.RanCount++;
                if (slot.FaultsLeft > 0)
                {
                    slot.FaultsLeft--;
                    adapter.Tell(message with { Fault = slot.Fault }, Self);
                }
                else
                {
                    adapter.Tell(message, Self);
                }
            }
        }
    }

    private void OnDeadline(DeadlinePassed deadline)
    {
        if (_open is { } open && open.Tick == deadline.Tick)
        {
            CloseAtDeadline(open);
        }
    }

    private void CloseAtDeadline(TickAggregate open)
    {
        foreach (var slot in open.Unanswered())
        {
            open.Record(slot, AdapterOutcome.Timeout);
            RecordOutcome(_slots[slot], AdapterOutcome.Timeout, 0);
        }

        Finish(open, overrun: true);
    }

    private void Finish(TickAggregate open, bool overrun)
    {
        _open = null;
        _completed++;
        if (overrun)
        {
            _overruns++;
        }

        var now = _time.GetTimestamp();
        var latencyMs = _time.GetElapsedTime(open.DueTimestamp, Math.Max(open.DueTimestamp, now)).TotalMilliseconds;
        (_lastTickDue, _lastTickRan) = (open.DueCount, open.RanCount);
        var completed = open.Complete(_time.GetUtcNow(), latencyMs, overrun) with { RAxisLoop = open.Paused ? _loopScope!.Level : ObserveTick(latencyMs), Paused = open.Paused };
        _metrics.TickCompleted(completed, _slots);
        Context.System.EventStream.Publish(completed);
        PaceCollections(open, now);

        if (_options.Ticks > 0 && open.Tick >= _options.Ticks)
        {
            FinishLoop("ticks");
        }
        else if (_stopRequester is not null)
        {
            FinishLoop("stopped");
        }
    }

    /// <summary>Lets the pacer collect gen0 in the time before the next tick is due (on the loop's grid).</summary>
    private void PaceCollections(TickAggregate open, long now)
    {
        if (_gcPacer is null)
        {
            return;
        }

        var nextDue = open.DueTimestamp + _intervalTicks;
        _gcPacer.AfterTick(nextDue > now ? _time.GetElapsedTime(now, nextDue) : TimeSpan.Zero);
        _metrics.GcCollections(_gcPacer.Paced, _gcPacer.Unpaced);
    }

    private void OnStop()
    {
        _stopRequester = Sender;
        Timers.Cancel(TickTimer);
        if (_open is null || _finished)
        {
            FinishLoop("stopped");
        }
    }

    private void FinishLoop(string reason)
    {
        Timers.Cancel(TickTimer);
        if (!_finished)
        {
            _finished = true;
            Context.System.EventStream.Publish(new LoopFinished(_completed, _overruns, reason));
        }

        _stopRequester?.Tell(new LoopStopped(_completed, _overruns), Self);
        _stopRequester = null;
    }
}
