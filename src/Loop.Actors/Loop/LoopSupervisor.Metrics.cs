using Loop.Actors.Adapters;
using Loop.Actors.Telemetry;

namespace Loop.Actors.Loop;

/// <summary>
/// Recording the loop's measurements on <see cref="LoopMetrics"/>. A result only notes its outcome in
/// the adapter's slot; the tick's per-adapter measurements are recorded together when it completes.
/// </summary>
public sealed partial class LoopSupervisor
{
    /// <summary>Notes one adapter's outcome for the tick in flight; calls (not skips) feed its success window.</summary>
    private void RecordOutcome(AdapterSlot slot, AdapterOutcome outcome, double latencyMs)
    {
        slot.TickOutcome = outcome;
        slot.TickLatencyMs = outcome == AdapterOutcome.Skipped || (outcome == AdapterOutcome.Timeout && latencyMs <= 0) ? double.NaN : latencyMs;
        if (outcome != AdapterOutcome.Skipped)
        {
            ObserveCall(slot, outcome == AdapterOutcome.Ok);
            slot.SuccessRate = slot.RAxis.SuccessRate; // the R-Axis window's share of ok (DESIGN.md: resonance_adapter_success_rate)
            if (slot.State == AdapterState.Parked && slot.ReviveTrial)
            {
                EndReviveTrial(slot, outcome == AdapterOutcome.Ok);
            }
        }
    }

    /// <summary>Records a completed tick: its own figures, then each adapter's, in slot order.</summary>
    private void RecordTick(TickCompleted tick)
    {
        _metrics.Ticks.Add(1);
        if (tick.Overrun)
        {
            _metrics.Overruns.Add(1);
        }

        _metrics.LoopLatencyMs.Record(tick.LatencyMs);
        _metrics.LoopLatencySeconds.Record(tick.LatencyMs / 1000);
        _metrics.TickJitterSeconds.Record(tick.JitterMs / 1000);
        foreach (var slot in _slots)
        {
            if (slot.TickOutcome is not { } outcome)
            {
                continue;
            }

            _metrics.AdapterResults.Add(1, slot.Tag, LoopMetrics.OutcomeTags[(int)outcome]);
            if (!double.IsNaN(slot.TickLatencyMs))
            {
                _metrics.AdapterLatencySeconds.Record(slot.TickLatencyMs / 1000, slot.Tag);
            }

            if (outcome != AdapterOutcome.Skipped)
            {
                _metrics.AdapterSuccessRate.Record(slot.SuccessRate, slot.Tag);
            }

            slot.TickOutcome = null;
        }
    }

    /// <summary>Moves the adapter's state gauge: 0 for the state it left, 1 for the new one (all five at its first record).</summary>
    private void RecordState(AdapterSlot slot, AdapterState? previous)
    {
        if (previous is null)
        {
            for (var s = 0; s < LoopMetrics.StateTags.Length; s++)
            {
                _metrics.AdapterState.Record(s == (int)slot.State ? 1 : 0, slot.Tag, LoopMetrics.StateTags[s]);
            }

            return;
        }

        if (slot.State == AdapterState.Removed)
        {
            // Series cannot be deleted through System.Diagnostics.Metrics: a removed adapter reads 0 in
            // every state and NaN as its success rate, so no alert keeps firing for it.
            foreach (var tag in LoopMetrics.StateTags)
            {
                _metrics.AdapterState.Record(0, slot.Tag, tag);
            }

            _metrics.AdapterSuccessRate.Record(double.NaN, slot.Tag);
            return;
        }

        _metrics.AdapterState.Record(0, slot.Tag, LoopMetrics.StateTags[(int)previous.Value]);
        _metrics.AdapterState.Record(1, slot.Tag, LoopMetrics.StateTags[(int)slot.State]);
    }
}
