using Loop.Actors.RAxis;

namespace Loop.Actors.Loop;

/// <summary>
/// R-Axis (DESIGN.md): the loop scope is evaluated on each completed tick, each adapter's scope on each
/// of its calls and when it is parked or brought back. Every change is published as an
/// <see cref="RAxisSignal"/>, moves resonance_r_axis_level, and acts: an adapter at BLOCK is
/// <see cref="AdapterState.Blocked"/> (one trial call every trial_every), the loop at BLOCK pauses
/// the loop's side effects when on_block says pause, until the level falls or is acknowledged.
/// </summary>
public sealed partial class LoopSupervisor
{
    private const string LoopScope = "loop";
    private LoopScopeEvaluator? _loopScope;
    private bool _blockPaused;
    private TimeSpan _lastLoopTrial;

    /// <summary>Gets a value indicating whether adapters are skipped: paused by an operator or by a loop BLOCK.</summary>
    private bool Paused => _paused || _blockPaused;

    /// <summary>Gets the evaluators' clock: monotonic time since the loop started.</summary>
    private TimeSpan RAxisNow => _time.GetElapsedTime(_epoch);

    private long CurrentTick => _open?.Tick ?? _completed;

    private void StartRAxis()
    {
        _loopScope = new LoopScopeEvaluator(_options.RAxis);
    }

    private void StartRAxis(AdapterSlot slot)
    {
        slot.RAxis = new AdapterScopeEvaluator(_options.RAxis);
    }

    /// <summary>One call's result; <paramref name="reasonClass"/> is its reason class ("" when ok), carried by a rise it causes.</summary>
    private void ObserveCall(AdapterSlot slot, bool ok, string reasonClass) => OnAdapterChange(slot, slot.RAxis.Observe(ok, RAxisNow), reasonClass);

    /// <summary>A tls adapter's certificate: its time left to the gauge, and WARN below the adapter's warn_days.</summary>
    private void ObserveCertificate(AdapterSlot slot, DateTimeOffset expires)
    {
        var utcNow = _time.GetUtcNow();
        _metrics.CertificateExpiry(slot.Series, (expires - utcNow).TotalSeconds);
        OnAdapterChange(slot, slot.RAxis.ObserveCertificate(expires, slot.Definition.CertificateWarnBefore, utcNow, RAxisNow));
    }

    private void ObserveParked(AdapterSlot slot, bool parked) =>
        OnAdapterChange(slot, slot.RAxis.SetParked(parked, RAxisNow, slot.Restarts, slot.Definition.Restart.MaxRetries));

    private RAxisLevel ObserveTick(double latencyMs)
    {
        if (_loopScope!.Observe(latencyMs, RAxisNow) is { } change)
        {
            OnLoopChange(change);
        }

        return _loopScope.Level;
    }

    private void OnAdapterChange(AdapterSlot slot, RAxisChange? change, string reasonClass = "")
    {
        if (change is null)
        {
            return;
        }

        Publish(slot, change, change.Level > change.Previous && reasonClass.Length > 0 ? reasonClass : null);
        if (change.Level == RAxisLevel.Block && slot.State == AdapterState.Running)
        {
            slot.LastTrial = RAxisNow;
            SetState(slot, AdapterState.Blocked, "blocked", change.Reason);
        }
        else if (change.Level < RAxisLevel.Block && slot.State == AdapterState.Blocked)
        {
            SetState(slot, AdapterState.Running, "unblocked", change.Reason);
        }
    }

    private void OnLoopChange(RAxisChange change)
    {
        Publish(null, change);
        var pause = change.Level == RAxisLevel.Block && _options.RAxis.PauseOnLoopBlock;
        if (pause != _blockPaused)
        {
            _lastLoopTrial = RAxisNow; // the first trial comes one trial_every after the pause
            var wasPaused = Paused;
            _blockPaused = pause;
            if (wasPaused != Paused)
            {
                Context.System.EventStream.Publish(new LoopPauseChanged(Paused, _time.GetUtcNow()));
            }
        }
    }

    /// <summary>
    /// A removed adapter's scope above OK falls with it, marked withdrawn: otherwise its alert, its level gauge and the
    /// web view's R-Axis card would keep a level nothing measures any more.
    /// </summary>
    private void WithdrawSignal(AdapterSlot slot, string why)
    {
        var level = slot.RAxis.Level;
        if (level == RAxisLevel.Ok)
        {
            return;
        }

        slot.RAxis.Acknowledge();
        Publish(slot, new RAxisChange(RAxisLevel.Ok, level, "adapter removed: " + why, double.NaN, double.NaN), withdrawn: true);
    }

    /// <summary>Moves the scope's level gauge and publishes the change; <paramref name="slot"/> null is the loop scope.</summary>
    private void Publish(AdapterSlot? slot, RAxisChange change, string? reasonClass = null, bool withdrawn = false)
    {
        string scope;
        if (slot is null)
        {
            scope = LoopScope;
            _metrics.LoopLevel(change.Level);
        }
        else
        {
            scope = "adapter:" + slot.Name;
            _metrics.AdapterLevel(slot.Series, change.Level);
        }

        Context.System.EventStream.Publish(new RAxisSignal(scope, change.Level, change.Previous, change.Reason, change.Observed, change.Threshold, CurrentTick, _time.GetUtcNow())
        {
            ReasonClass = reasonClass,
            Withdrawn = withdrawn,
        });
    }

    /// <summary>An operator restarted or revived the adapter: its BLOCK falls with it (a fresh start, fresh windows).</summary>
    private void LowerBlockOnRestart(AdapterSlot slot, string why)
    {
        ObserveParked(slot, parked: false);
        if (slot.RAxis.Level == RAxisLevel.Block)
        {
            slot.RAxis.Acknowledge();
            OnAdapterChange(slot, new RAxisChange(RAxisLevel.Ok, RAxisLevel.Block, why, double.NaN, double.NaN));
        }
    }

    /// <summary>Whether a blocked adapter's trial call is due (and, if so, takes it).</summary>
    private bool TakeTrial(AdapterSlot slot)
    {
        if (slot.State != AdapterState.Blocked || slot.Adapter is null || RAxisNow - slot.LastTrial < _options.RAxis.TrialEvery)
        {
            return false;
        }

        slot.LastTrial = RAxisNow;
        slot.TrialThisTick = true;
        return true;
    }

    /// <summary>
    /// Whether this tick of a loop paused by its BLOCK runs as a trial (and, if so, takes it): one tick
    /// every trial_every calls the adapters, so the BLOCK can fall on measured latency. Without trials
    /// a paused loop would measure nothing and stay blocked until ack_block.
    /// </summary>
    private bool TakeLoopTrial()
    {
        if (_paused || !_blockPaused || RAxisNow - _lastLoopTrial < _options.RAxis.TrialEvery)
        {
            return false;
        }

        _lastLoopTrial = RAxisNow;
        return true;
    }

    private ControlReply OnAckBlock(string scope)
    {
        if (scope == LoopScope)
        {
            if (_loopScope!.Level != RAxisLevel.Block)
            {
                return ControlReply.Fail("no_block", "no BLOCK on scope loop");
            }

            _loopScope.Acknowledge();
            OnLoopChange(new RAxisChange(RAxisLevel.Ok, RAxisLevel.Block, "acknowledged by an operator", double.NaN, double.NaN));
            return ControlReply.Done(("scope", scope), ("level", "ok"));
        }

        var name = scope["adapter:".Length..];
        return WithAdapter(name, slot =>
        {
            if (slot.RAxis.Level != RAxisLevel.Block)
            {
                return ControlReply.Fail("no_block", $"no BLOCK on scope {scope}");
            }

            if (slot.State == AdapterState.Parked)
            {
                return ControlReply.Fail("invalid_state", $"adapter '{name}' is parked; restart_adapter revives it (and lowers its BLOCK)");
            }

            slot.RAxis.Acknowledge();
            OnAdapterChange(slot, new RAxisChange(RAxisLevel.Ok, RAxisLevel.Block, "acknowledged by an operator", double.NaN, double.NaN));
            return ControlReply.Done(("scope", scope), ("level", "ok"));
        });
    }
}
