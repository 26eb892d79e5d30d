using Loop.Actors.Adapters;
using Loop.Actors.Loop;
using Loop.Engine.Spec;

namespace Loop.Engine.Hosting;

/// <summary>Turns a validated spec into the LoopSupervisor's options and the adapters' factories.</summary>
internal static class LoopOptionsFactory
{
    public static LoopOptions Create(LoopSpec spec) => new()
    {
        TickInterval = TimeSpan.FromMilliseconds(spec.Loop.TickMs),
        Deadline = TimeSpan.FromMilliseconds(spec.Loop.DeadlineMs),
        Ticks = spec.Loop.Ticks,
        Spread = TimeSpan.FromMilliseconds(spec.Loop.SpreadMs),
        Adapters = spec.Adapters.Select(Definition).ToList(),
        RAxis = new Loop.Actors.RAxis.RAxisThresholds
        {
            WarnLatencyMs = spec.RAxis.WarnLatencyMs,
            WarnFor = spec.RAxis.WarnFor,
            BlockLatencyMs = spec.RAxis.BlockLatencyMs,
            BlockFor = spec.RAxis.BlockFor,
            PauseOnLoopBlock = spec.RAxis.OnBlock == "pause",
            WarnSuccessRate = spec.RAxis.WarnSuccessRate,
            WarnWindow = spec.RAxis.WarnWindow,
            WarnConsecutiveFailures = spec.RAxis.WarnConsecutiveFailures,
            BlockSuccessRate = spec.RAxis.BlockSuccessRate,
            BlockWindow = spec.RAxis.BlockWindow,
            TrialEvery = spec.RAxis.TrialEvery,
            AutoClear = spec.RAxis.AutoClear,
            ClearFor = spec.RAxis.ClearFor,
        },
    };

    public static AdapterDefinition Definition(AdapterSpec adapter) => new(
        adapter.Name,
        adapter.Kind,
        Factory(adapter),
        TimeSpan.FromMilliseconds(adapter.TimeoutMs),
        adapter.Restart);

    private static Func<IAdapter> Factory(AdapterSpec adapter) => adapter.Kind switch
    {
        "synthetic" => () => new SyntheticAdapter(adapter.Synthetic!),
        "http" => () => new HttpAdapter(adapter.Http!),
        "command" => () => new CommandAdapter(adapter.Command!),
        _ => throw new ArgumentException($"unknown adapter kind '{adapter.Kind}'", nameof(adapter)),
    };
}
