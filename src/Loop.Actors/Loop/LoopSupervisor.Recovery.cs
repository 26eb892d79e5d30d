using Loop.Actors.RAxis;

namespace Loop.Actors.Loop;

/// <summary>Starting from what an earlier run left (<see cref="LoopRecovery"/>), before the first tick.</summary>
public sealed partial class LoopSupervisor
{
    private const string RecoveredReason = "kept from the last run (journal)";

    private void Recover(LoopRecovery recovery)
    {
        foreach (var slot in _slots)
        {
            var parked = recovery.Parked.Contains(slot.Name);
            Keep(slot, parked, recovery.Disabled.Contains(slot.Name), recovery.Restarts.GetValueOrDefault(slot.Name));
            var level = recovery.Levels.GetValueOrDefault("adapter:" + slot.Name, RAxisLevel.Ok);
            slot.RAxis.Restore(level, parked);
            slot.LastTrial = RAxisNow; // a blocked adapter's first trial comes trial_every after the start
            if (level > RAxisLevel.Ok)
            {
                Publish(slot, new RAxisChange(level, RAxisLevel.Ok, RecoveredReason, double.NaN, double.NaN));
            }
        }

        var loopLevel = recovery.Levels.GetValueOrDefault(LoopScope, RAxisLevel.Ok);
        _loopScope!.Restore(loopLevel);
        _blockPaused = loopLevel == RAxisLevel.Block && _options.RAxis.PauseOnLoopBlock;
        if (loopLevel > RAxisLevel.Ok)
        {
            Publish(null, new RAxisChange(loopLevel, RAxisLevel.Ok, RecoveredReason, double.NaN, double.NaN));
        }

        _paused = recovery.Paused;
        if (Paused)
        {
            Context.System.EventStream.Publish(new LoopPauseChanged(true, _time.GetUtcNow()));
        }
    }

    /// <summary>
    /// An adapter's kept state, from the journal or from the node it ran on before (<see cref="AdapterCarry"/>): parked
    /// (its supervisor not started; revived on its schedule), disabled, its restart count.
    /// </summary>
    private void Keep(AdapterSlot slot, bool parked, bool disabled, long restarts)
    {
        if (parked)
        {
            SetState(slot, AdapterState.Parked, null, null); // its supervisor was not started
            slot.NextRevive = RAxisNow + slot.Definition.Restart.ReviveEvery;
        }

        if (disabled)
        {
            SetState(slot, AdapterState.Disabled, null, null);
        }

        slot.Restarts = restarts;
    }
}
