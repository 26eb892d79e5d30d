using System.Globalization;

namespace Loop.Actors.RAxis;

/// <summary>
/// The loop scope: WARN once every tick's latency stayed above warn_latency_ms for warn_for, BLOCK
/// above block_latency_ms for block_for (as a Prometheus alert's <c>for:</c>: one tick below restarts
/// the count). The caller passes only ticks that ran (a paused tick measures no adapter and is no
/// evidence either way). Pure: the caller passes the time.
/// </summary>
public sealed class LoopScopeEvaluator(RAxisThresholds thresholds)
{
    private readonly LevelMachine _machine = new(thresholds.ClearFor);
    private TimeSpan? _warnSince;
    private TimeSpan? _blockSince;

    /// <summary>Gets the scope's level.</summary>
    public RAxisLevel Level => _machine.Level;

    /// <summary>Takes one completed tick's latency; returns the change it caused, if any.</summary>
    public RAxisChange? Observe(double latencyMs, TimeSpan now)
    {
        var warnNow = latencyMs > thresholds.WarnLatencyMs;
        var blockNow = latencyMs > thresholds.BlockLatencyMs;
        _warnSince = warnNow ? _warnSince ?? now : null;
        _blockSince = blockNow ? _blockSince ?? now : null;
        var previous = _machine.Level;
        var level = _machine.Evaluate(
            now,
            warnRises: _warnSince is { } w && now - w >= thresholds.WarnFor,
            blockRises: _blockSince is { } b && now - b >= thresholds.BlockFor,
            warnNow,
            blockNow);
        if (level is null)
        {
            return null;
        }

        var threshold = level == RAxisLevel.Block || previous == RAxisLevel.Block ? thresholds.BlockLatencyMs : thresholds.WarnLatencyMs;
        // OK straight to BLOCK is by design: BLOCK's bound is higher but its time shorter (80 ms for 30 s
        // against 60 ms for 1 min), so a loop past both rises to BLOCK first; the signal says so.
        var skippedWarn = level == RAxisLevel.Block && previous == RAxisLevel.Ok
            ? string.Create(CultureInfo.InvariantCulture, $" (past the WARN bound, {thresholds.WarnLatencyMs} ms, too)")
            : string.Empty;
        var reason = level > previous
            ? string.Create(CultureInfo.InvariantCulture, $"loop latency above {threshold} ms for {(level == RAxisLevel.Block ? thresholds.BlockFor : thresholds.WarnFor).TotalSeconds:0} s{skippedWarn}")
            : string.Create(CultureInfo.InvariantCulture, $"loop latency at or below {threshold} ms for {thresholds.ClearFor.TotalSeconds:0} s");
        return new RAxisChange(level.Value, previous, reason, latencyMs, threshold);
    }

    /// <summary>Starts at the level an earlier run ended with; it falls after clear_for of good ticks in this run.</summary>
    public void Restore(RAxisLevel level) => _machine.Restore(level);

    /// <summary>ack_block: lowers the level by hand; the counts start again.</summary>
    public void Acknowledge()
    {
        _machine.Acknowledge();
        _warnSince = null;
        _blockSince = null;
    }
}
