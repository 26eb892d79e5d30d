using Loop.Actors.Adapters;
using Loop.Actors.Telemetry;

namespace Loop.Actors.Loop;

/// <summary>
/// Recording the loop's measurements: per tick on <see cref="LoopMetrics"/>; per result into the
/// adapter's slot (counts and success rate, read at scrape time) plus its latency histogram.
/// </summary>
public sealed partial class LoopSupervisor
{
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
    }

    /// <summary>Counts one outcome of an adapter; calls (not skips) feed its latency and success window.</summary>
    private void RecordOutcome(AdapterSlot slot, AdapterOutcome outcome, double latencyMs)
    {
        slot.Outcomes.Add(outcome);
        if (outcome == AdapterOutcome.Skipped)
        {
            return;
        }

        if (outcome != AdapterOutcome.Timeout || latencyMs > 0)
        {
            _metrics.AdapterLatencySeconds.Record(latencyMs / 1000, slot.Tag);
        }

        slot.Window ??= SuccessWindow.For(_options.SuccessWindow, _time.TimestampFrequency);
        Volatile.Write(ref slot.SuccessRate, slot.Window.Record(_time.GetTimestamp(), outcome == AdapterOutcome.Ok));
    }
}
