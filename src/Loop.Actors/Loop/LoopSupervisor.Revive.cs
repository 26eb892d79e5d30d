namespace Loop.Actors.Loop;

/// <summary>
/// A parked adapter is not given up for good (DESIGN.md: Supervision and backoff): every
/// <see cref="RestartPolicy.ReviveEvery"/> it gets a fresh actor and one trial call, as a prober of a
/// down target keeps probing it. The first trial that succeeds revives it (event <c>revived</c>, reason
/// <c>trial succeeded</c>, a fresh restart budget); a failed one stops the trial actor and it stays parked.
/// Its R-Axis BLOCK stays until the revival, then falls on evidence like any other.
/// </summary>
public sealed partial class LoopSupervisor
{
    private const string TrialSucceeded = "trial succeeded";

    /// <summary>
    /// Whether a parked adapter's revive trial is sent this tick (and, if so, takes it). When one is due
    /// its actor is started first; the call goes with the first tick after it is up.
    /// </summary>
    private bool TakeReviveTrial(AdapterSlot slot)
    {
        var every = slot.Definition.Restart.ReviveEvery;
        if (slot.State != AdapterState.Parked || every <= TimeSpan.Zero || RAxisNow < slot.NextRevive)
        {
            return false;
        }

        if (!slot.ReviveTrial)
        {
            slot.ReviveTrial = true;
            StartSupervisor(slot);
            return false;
        }

        if (slot.Adapter is null)
        {
            return false; // still starting
        }

        slot.NextRevive = RAxisNow + every;
        slot.TrialThisTick = true;
        return true;
    }

    private void EndReviveTrial(AdapterSlot slot, bool ok)
    {
        slot.ReviveTrial = false;
        if (!ok)
        {
            StopSupervisor(slot);
            return;
        }

        slot.Restarts = 0;
        ObserveParked(slot, parked: false);
        SetState(slot, slot.RAxis.Level == RAxis.RAxisLevel.Block ? AdapterState.Blocked : AdapterState.Running, "revived", TrialSucceeded);
        slot.LastTrial = RAxisNow;
    }
}
