using Loop.Actors.Adapters;

namespace Loop.Actors.Loop;

/// <summary>
/// Recording the loop's measurements on <see cref="Telemetry.LoopMetrics"/>. A result only notes its outcome in
/// the adapter's slot; the tick's per-adapter measurements are recorded together when it completes.
/// </summary>
public sealed partial class LoopSupervisor
{
    /// <summary>Notes one adapter's outcome for the tick in flight; calls (not skips) feed its success window.</summary>
    private void RecordOutcome(AdapterSlot slot, AdapterOutcome outcome, double latencyMs, string? detail = null)
    {
        slot.TickOutcome = outcome;
        slot.TickReason = Adapters.AdapterReasons.Of(outcome, detail);
        if (slot.TickReason.Length > 0)
        {
            slot.LastFailureClass = slot.TickReason;
        }

        slot.TickLatencyMs = outcome == AdapterOutcome.Skipped || (outcome == AdapterOutcome.Timeout && latencyMs <= 0) ? double.NaN : latencyMs;
        if (!double.IsNaN(slot.TickLatencyMs))
        {
            slot.LastLatencyMs = slot.TickLatencyMs;
        }
        if (outcome != AdapterOutcome.Skipped)
        {
            ObserveCall(slot, outcome == AdapterOutcome.Ok, slot.TickReason);
            slot.SuccessRate = slot.RAxis.SuccessRate; // the R-Axis window's share of ok (DESIGN.md: resonance_adapter_success_rate)
            if (slot.State == AdapterState.Parked && slot.ReviveTrial)
            {
                EndReviveTrial(slot, outcome == AdapterOutcome.Ok);
            }
        }
    }

    /// <summary>Moves the adapter's state gauge (its series are made with its slot).</summary>
    private void RecordState(AdapterSlot slot, AdapterState previous)
    {
        if (slot.State == AdapterState.Removed)
        {
            _metrics.AdapterRemoved(slot);
            return;
        }

        _metrics.StateChanged(slot.Series, previous, slot.State);
    }
}
