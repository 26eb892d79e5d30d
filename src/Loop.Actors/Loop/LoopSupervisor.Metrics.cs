using Loop.Actors.Adapters;
using Loop.Actors.Telemetry;

namespace Loop.Actors.Loop;

/// <summary>Recording the loop's measurements on <see cref="LoopMetrics"/> (cheap when no listener is attached).</summary>
public sealed partial class LoopSupervisor
{
    private static readonly string[] StateNames = Enum.GetNames<AdapterState>().Select(static n => n.ToLowerInvariant()).ToArray();

    private static KeyValuePair<string, object?> OutcomeTag(AdapterOutcome outcome) => new("outcome", AdapterOutcomeNames.Of(outcome));

    private void RecordTick(TickCompleted tick)
    {
        LoopMetrics.Ticks.Add(1);
        if (tick.Overrun)
        {
            LoopMetrics.Overruns.Add(1);
        }

        LoopMetrics.LoopLatencyMs.Record(tick.LatencyMs);
        LoopMetrics.LoopLatencySeconds.Record(tick.LatencyMs / 1000);
        LoopMetrics.TickJitterSeconds.Record(tick.JitterMs / 1000);
    }

    /// <summary>Counts one outcome of an adapter; calls (not skips) feed its latency and success window.</summary>
    private void RecordOutcome(AdapterSlot slot, AdapterOutcome outcome, double latencyMs)
    {
        LoopMetrics.AdapterResults.Add(1, slot.Tag, OutcomeTag(outcome));
        if (outcome == AdapterOutcome.Skipped)
        {
            return;
        }

        if (outcome != AdapterOutcome.Timeout || latencyMs > 0)
        {
            LoopMetrics.AdapterLatencySeconds.Record(latencyMs / 1000, slot.Tag);
        }

        slot.Window ??= SuccessWindow.For(_options.SuccessWindow, _time.TimestampFrequency);
        LoopMetrics.AdapterSuccessRate.Record(slot.Window.Record(_time.GetTimestamp(), outcome == AdapterOutcome.Ok), slot.Tag);
    }

    private static void RecordState(AdapterSlot slot, AdapterState? previous, AdapterState state)
    {
        if (previous is { } old)
        {
            LoopMetrics.AdapterState.Record(0, slot.Tag, new KeyValuePair<string, object?>("state", StateNames[(int)old]));
        }

        LoopMetrics.AdapterState.Record(1, slot.Tag, new KeyValuePair<string, object?>("state", StateNames[(int)state]));
    }
}
