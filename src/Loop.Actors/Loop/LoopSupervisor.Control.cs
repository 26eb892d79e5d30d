namespace Loop.Actors.Loop;

/// <summary>The operator's commands (<see cref="Pause"/>, <see cref="AddAdapter"/>, ...), each answered with a <see cref="ControlReply"/>.</summary>
public sealed partial class LoopSupervisor
{
    private void ReceiveControl()
    {
        Receive<Pause>(_ => Reply(SetPaused(true)));
        Receive<Resume>(_ => Reply(SetPaused(false)));
        Receive<SetTick>(m => Reply(OnSetTick(m.Interval)));
        Receive<AddAdapter>(m => Reply(OnAddAdapter(m.Definition, m.Why, m.Carry)));
        Receive<RemoveAdapter>(m => Reply(WithAdapter(m.Adapter, slot => OnRemoveAdapter(slot, m.Why))));
        Receive<CarryOver>(m => Reply(WithAdapter(m.Adapter, slot => OnCarryOver(slot, m.Carry))));
        Receive<HandAdapterOver>(m => Reply(WithAdapter(m.Adapter, slot =>
        {
            var carry = CarryOf(slot);
            var removed = OnRemoveAdapter(slot, m.Why);
            return removed with { Result = new Dictionary<string, object?>(removed.Result, StringComparer.Ordinal) { ["carry"] = carry } };
        })));
        Receive<RestartAdapter>(m => Reply(WithAdapter(m.Adapter, OnRestartAdapter)));
        Receive<EnableAdapter>(m => Reply(WithAdapter(m.Adapter, OnEnableAdapter)));
        Receive<DisableAdapter>(m => Reply(WithAdapter(m.Adapter, OnDisableAdapter)));
        Receive<ResetMetrics>(_ => Reply(OnResetMetrics()));
        Receive<AckBlock>(m => Reply(OnAckBlock(m.Scope)));
        Receive<InjectFault>(m => Reply(WithAdapter(m.Adapter, slot => OnInjectFault(slot, m.Mode, m.Count))));
    }

    private void Reply(ControlReply reply) => Sender.Tell(reply, Self);

    /// <summary>What the adapter would take to another node now. A disabled adapter without a supervisor was parked underneath: enable_adapter would bring it back parked.</summary>
    private static AdapterCarry? CarryOf(AdapterSlot slot) => slot.State == AdapterState.Removed
        ? null
        : new AdapterCarry(slot.State == AdapterState.Disabled, slot.State == AdapterState.Parked || (slot.State == AdapterState.Disabled && slot.Supervisor is null), slot.Restarts);

    private ControlReply WithAdapter(string name, Func<AdapterSlot, ControlReply> apply) =>
        _byName.TryGetValue(name, out var slot) && slot.State != AdapterState.Removed
            ? apply(slot)
            : ControlReply.Fail("unknown_adapter", $"no adapter named '{name}'; the loop has {AdapterNames()}");

    private string AdapterNames()
    {
        var names = _slots.Where(static s => s.State != AdapterState.Removed).Select(static s => s.Name).Take(10).ToList();
        return names.Count == 0 ? "none" : string.Join(", ", names) + (names.Count == 10 ? ", ..." : string.Empty);
    }

    private ControlReply SetPaused(bool paused)
    {
        var was = Paused;
        _paused = paused;
        if (was != Paused)
        {
            Context.System.EventStream.Publish(new LoopPauseChanged(Paused, _time.GetUtcNow()));
        }

        return ControlReply.Done(("paused", Paused), ("changed", was != Paused), ("by_block", _blockPaused), ("next_tick", _nextTick));
    }

    private ControlReply OnSetTick(TimeSpan interval)
    {
        if (interval <= _options.Deadline || interval <= _options.Spread)
        {
            return ControlReply.Fail(
                "invalid_args",
                $"tick_ms must be greater than the deadline ({_options.Deadline.TotalMilliseconds:0} ms) and the spread ({_options.Spread.TotalMilliseconds:0} ms); got {interval.TotalMilliseconds:0}");
        }

        // Re-anchor the grid: the next tick comes when it was due, or one new interval after the last
        // tick if that is sooner (going from 1 h to 1 s must not wait the hour), and the ones after it
        // follow the new interval: due(n) = start + n * interval still holds, with a new start.
        // "The last tick" is the one that really ran (_lastDue), not one the previous set_tick of a
        // burst inferred from its own grid: so any sequence keeps the grid moving forward.
        var newIntervalTicks = (long)(interval.TotalSeconds * _time.TimestampFrequency);
        var nextDue = Math.Max(_time.GetTimestamp(), Math.Min(_start + (_nextTick * _intervalTicks), _lastDue + newIntervalTicks));
        var nextDueUtc = _startUtc + (_interval * _nextTick) + _time.GetElapsedTime(_start + (_nextTick * _intervalTicks), nextDue);
        var previous = _interval;
        _interval = interval;
        _intervalTicks = newIntervalTicks;
        _start = nextDue - (_nextTick * _intervalTicks);
        _startUtc = nextDueUtc - (interval * _nextTick);
        // Replacing the timer also drops a firing of the old one already in the mailbox (Akka's timer generations).
        Timers.Cancel(TickTimer);
        if (!_finished && _stopRequester is null)
        {
            ScheduleTicks(nextDue);
        }

        return ControlReply.Done(("tick_ms", interval.TotalMilliseconds), ("previous_tick_ms", previous.TotalMilliseconds), ("from_tick", _nextTick));
    }

    private ControlReply OnAddAdapter(AdapterDefinition definition, string why, AdapterCarry? carry)
    {
        if (_byName.TryGetValue(definition.Name, out var existing) && existing.State != AdapterState.Removed)
        {
            return ControlReply.Fail("invalid_args", $"an adapter named '{definition.Name}' is already in the loop ({existing.State.ToString().ToLowerInvariant()}); remove_adapter it first or pick another name");
        }

        var running = _slots.Count(static s => s.State != AdapterState.Removed);
        if (running >= _options.MaxAdapters)
        {
            return ControlReply.Fail("limit_exceeded", $"the loop already runs {running} adapters, its limit (limits.max_adapters: {_options.MaxAdapters}); remove_adapter one first or raise the limit in the spec");
        }

        var slot = AddSlot(definition, start: carry?.Parked != true);
        if (carry is not null)
        {
            Keep(slot, carry.Parked, carry.Disabled, carry.Restarts);
            slot.RAxis.Restore(RAxis.RAxisLevel.Ok, carry.Parked);
        }

        Context.System.EventStream.Publish(new AdapterStateChanged(slot.Name, AdapterState.Removed, slot.State, "added", why, _time.GetUtcNow()) { Restarts = slot.Restarts, Carry = CarryOf(slot) });

        return ControlReply.Done(("adapter", slot.Name), ("kind", definition.Kind), ("adapters", running + 1)); // counted once: a walk of every slot per add
    }

    private ControlReply OnCarryOver(AdapterSlot slot, AdapterCarry carry)
    {
        var previous = slot.State;
        if (carry.Parked && previous != AdapterState.Parked)
        {
            StopSupervisor(slot); // parked: no supervisor until its revive is due
        }

        Keep(slot, carry.Parked, carry.Disabled, carry.Restarts);
        slot.RAxis.Restore(slot.RAxis.Level, carry.Parked);
        if (slot.State != previous)
        {
            Context.System.EventStream.Publish(new AdapterStateChanged(slot.Name, previous, slot.State, "kept", "as it was on the node it ran on", _time.GetUtcNow()) { Restarts = slot.Restarts, Carry = CarryOf(slot) });
        }

        return ControlReply.Done(("adapter", slot.Name), ("state", slot.State.ToString().ToLowerInvariant()));
    }

    private ControlReply OnRemoveAdapter(AdapterSlot slot, string why)
    {
        WithdrawSignal(slot, why);
        StopSupervisor(slot);
        _phases.Release(slot.PhasePeriod, slot.Phase);
        SetState(slot, AdapterState.Removed, "removed", why);
        _byName.Remove(slot.Name);
        if (_open is { } open)
        {
            // The tick in flight stops waiting for it (its answer, if one comes, is ignored).
            open.Exclude(slot.Index);
            if (open.IsComplete)
            {
                Finish(open, overrun: false);
            }
        }

        return ControlReply.Done(("adapter", slot.Name), ("adapters", _slots.Count(static s => s.State != AdapterState.Removed)));
    }

    private ControlReply OnRestartAdapter(AdapterSlot slot)
    {
        if (slot.State == AdapterState.Disabled)
        {
            return ControlReply.Fail("invalid_state", $"adapter '{slot.Name}' is disabled; enable_adapter it first");
        }

        var previous = Restart(slot);
        return ControlReply.Done(("adapter", slot.Name), ("was", previous.ToString().ToLowerInvariant()));
    }

    /// <summary>
    /// A fresh supervisor, restart budget and R-Axis start for the adapter: what restart_adapter and
    /// ReviveAdapter both do (a parked adapter is "revived", any other "restarted").
    /// </summary>
    /// <returns>The state it was in.</returns>
    private AdapterState Restart(AdapterSlot slot)
    {
        var previous = slot.State;
        var (@event, reason) = previous == AdapterState.Parked ? ("revived", "revived by an operator") : ("restarted", "restarted by an operator");
        StopSupervisor(slot);
        StartSupervisor(slot);
        slot.Restarts = 0;
        SetState(slot, AdapterState.Starting, @event, reason);
        LowerBlockOnRestart(slot, reason);
        return previous;
    }

    private ControlReply OnEnableAdapter(AdapterSlot slot)
    {
        if (slot.State != AdapterState.Disabled)
        {
            return ControlReply.Done(("adapter", slot.Name), ("state", slot.State.ToString().ToLowerInvariant()), ("changed", false));
        }

        var state = slot.Adapter is not null
            ? slot.RAxis.Level == RAxis.RAxisLevel.Block ? AdapterState.Blocked : AdapterState.Running
            : slot.Supervisor is not null ? AdapterState.Backoff : AdapterState.Parked;
        SetState(slot, state, "enabled", "enabled by an operator");
        return ControlReply.Done(("adapter", slot.Name), ("state", state.ToString().ToLowerInvariant()), ("changed", true));
    }

    private ControlReply OnDisableAdapter(AdapterSlot slot)
    {
        var changed = slot.State != AdapterState.Disabled;
        if (slot.ReviveTrial)
        {
            // A parked adapter's revive trial is under way: it ends here, so the adapter comes back from
            // enable_adapter parked (its next trial as planned), not as a running one that never revived.
            StopSupervisor(slot);
        }

        SetState(slot, AdapterState.Disabled, "disabled", "disabled by an operator");
        return ControlReply.Done(("adapter", slot.Name), ("state", "disabled"), ("changed", changed));
    }

    private ControlReply OnResetMetrics()
    {
        foreach (var slot in _slots)
        {
            slot.RAxis.ClearWindows();
            slot.SuccessRate = double.NaN;
            slot.Restarts = 0;
        }

        _overruns = 0;
        return ControlReply.Done(("reset", new[] { "success_windows", "restart_counts", "overruns" }), ("note", "Prometheus counters stay monotonic"));
    }

    private static ControlReply OnInjectFault(AdapterSlot slot, FaultMode mode, int count)
    {
        slot.Fault = mode;
        slot.FaultsLeft = count;
        return ControlReply.Done(("adapter", slot.Name), ("mode", mode.ToString().ToLowerInvariant()), ("count", count), ("state", slot.State.ToString().ToLowerInvariant()));
    }

    /// <summary>Stops an adapter's supervisor (and with it its actor) without treating that as parking.</summary>
    private void StopSupervisor(AdapterSlot slot)
    {
        slot.ReviveTrial = false;
        slot.Adapter = null; // its AdapterStopped, when it comes, is from an actor the loop let go of

        if (slot.Supervisor is { } supervisor)
        {
            Context.Unwatch(supervisor);
            _bySupervisor.Remove(supervisor);
            Context.Stop(supervisor);
            slot.Supervisor = null;
        }
    }
}
