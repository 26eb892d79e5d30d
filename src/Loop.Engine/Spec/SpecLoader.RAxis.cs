namespace Loop.Engine.Spec;

/// <summary>The r_axis block: defaults from SOURCES.md.</summary>
internal static partial class SpecLoader
{
    private static RAxisSection ReadRAxis(SpecMap map)
    {
        var loop = map.Map("loop");
        var warnLatency = (int)loop.Integer("warn_latency_ms", 60, 1);
        var warnFor = loop.Duration("warn_for", TimeSpan.FromMinutes(1), allowZero: true);
        var blockLatency = (int)loop.Integer("block_latency_ms", 80, 1);
        var blockFor = loop.Duration("block_for", TimeSpan.FromSeconds(30), allowZero: true);
        var onBlock = loop.OneOf("on_block", "pause", "pause", "continue")!;
        if (blockLatency < warnLatency)
        {
            loop.Problem("block_latency_ms", $"must be >= warn_latency_ms (got {blockLatency} < {warnLatency})");
        }

        loop.RejectUnknownKeys();

        var adapter = map.Map("adapter");
        var warnRate = adapter.Number("warn_success_rate", 0.97, 0, 1);
        var warnWindow = adapter.Duration("warn_window", TimeSpan.FromMinutes(5));
        var warnConsecutive = (int)adapter.Integer("warn_consecutive_failures", 3, 1);
        var blockRate = adapter.Number("block_success_rate", 0.50, 0, 1);
        var blockWindow = adapter.Duration("block_window", TimeSpan.FromMinutes(1));
        var trialEvery = adapter.Duration("trial_every", TimeSpan.FromSeconds(1));
        var autoClear = adapter.Boolean("auto_clear", true);
        if (blockRate > warnRate)
        {
            adapter.Problem("block_success_rate", $"must be <= warn_success_rate (got {blockRate} > {warnRate})");
        }

        adapter.RejectUnknownKeys();
        var clearFor = map.Duration("clear_for", TimeSpan.FromSeconds(30), allowZero: true);
        map.RejectUnknownKeys();
        return new RAxisSection(warnLatency, warnFor, blockLatency, blockFor, onBlock, warnRate, warnWindow, warnConsecutive, blockRate, blockWindow, trialEvery, autoClear, clearFor);
    }
}
