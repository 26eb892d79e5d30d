using System.CommandLine;
using System.Text.Json;
using Loop.Engine.LoadTesting;
using Loop.Load.Running;
using Loop.Load.Thresholds;

namespace Loop.Engine.Cli;

/// <summary>
/// <c>loop load engine [--to URL] --scenario bus|scrape|status|mixed (--rate R | --users N) --duration D</c>:
/// drives a running engine while reading its own tick jitter and loop latency from /metrics (a quiet baseline
/// first), and reports both: what the load was, and what it did to the loop. The default gate is the canary
/// gate plus the loop's own: <c>p95=200ms,fail=0.5%,jitter_p99=2ms</c>.
/// </summary>
internal static class LoadEngineCommand
{
    public const string DefaultGate = Threshold.Canary + ",jitter_p99=2ms";

    private static readonly Option<string> ScenarioName = new("--scenario") { Description = "bus (POST /bus, one command each), scrape (GET /metrics), status (GET /status), or mixed (90/5/5 %).", DefaultValueFactory = _ => "bus" };

    private static readonly Option<string> Baseline = new("--baseline") { Description = "Read the quiet engine this long before the load, to compare (0s: no baseline).", DefaultValueFactory = _ => "5s" };

    public static Command Create()
    {
        var command = new Command("engine", $"Load a running engine (bus, scrape, status or mixed) and report what the load did to its loop; default gate {DefaultGate}.");
        EngineAddress.AddTo(command);
        command.Options.Add(ScenarioName);
        LoadOptions.AddShape(command);
        command.Options.Add(Baseline);
        LoadOptions.AddReporting(command);
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        LoadProcessTuning.Apply();
        var name = parse.GetValue(ScenarioName)!.Trim().ToLowerInvariant();
        if (!EngineScenarios.Names.Contains(name))
        {
            throw new LoopCliException($"--scenario must be one of {string.Join(", ", EngineScenarios.Names)} (got '{name}')");
        }

        var (load, label) = LoadOptions.Shape(parse, defaultRate: 100, defaultDuration: TimeSpan.FromSeconds(30));
        var gate = LoadOptions.GateOf(parse, DefaultGate, [.. StepMetrics.Names, .. LoopImpact.Metrics]);

        var baseline = Spec.Durations.TryParse(parse.GetValue(Baseline)!, out var b) && b >= TimeSpan.Zero
            ? b
            : throw new LoopCliException($"--baseline must be a duration like 5s, or 0s for none (got '{parse.GetValue(Baseline)}')");
        var connections = LoadOptions.ConnectionsOf(parse);
        using var engine = EngineAddress.Client(parse);
        using var http = engine.LoadClient(connections);

        var adapters = await AdaptersAsync(engine, cancellationToken).ConfigureAwait(false);
        var scenarios = EngineScenarios.Create(name, http, engine.Address, adapters, load)
            .Select(s => s.WithThinkTime(LoadOptions.ThinkTime(parse)).WithWarmUpDuration(LoadOptions.WarmUpOf(parse))
                .WithThresholds([.. gate.Where(static t => StepMetrics.Names.Contains(t.Metric))]))
            .ToArray();
        var runner = LoadOutcome.WithReporting(
            LoadRunner.RegisterScenarios(scenarios).WithTitle($"loop load engine {engine.Address.ToString().TrimEnd('/')}: {name}, {label}"), parse);

        var start = await MetricsAsync(engine, cancellationToken).ConfigureAwait(false);
        if (baseline > TimeSpan.Zero)
        {
            await parse.InvocationConfiguration.Output.WriteLineAsync($"reading the quiet engine for {Spec.Durations.Format(baseline)} (--baseline)...").ConfigureAwait(false);
            await Task.Delay(baseline, cancellationToken).ConfigureAwait(false);
        }

        var beforeLoad = baseline > TimeSpan.Zero ? await MetricsAsync(engine, cancellationToken).ConfigureAwait(false) : start;
        var result = await runner.RunAsync(cancellationToken).ConfigureAwait(false);
        var end = await MetricsAsync(engine, CancellationToken.None).ConfigureAwait(false);
        var impact = new LoopImpact(start, beforeLoad, end, baseline > TimeSpan.Zero);
        result = result with { Sections = [impact.Section()], ExtraThresholds = impact.Judge(gate) };
        return LoadOutcome.Finish(result, runner, parse);
    }

    private static async Task<IReadOnlyList<string>> AdaptersAsync(EngineClient engine, CancellationToken cancellationToken)
    {
        var (status, body) = await Reach(() => engine.GetStatusAsync(cancellationToken)).ConfigureAwait(false);
        if (status != 200)
        {
            throw new LoopCliException($"the engine at {engine.Address} answered /status with HTTP {status}: {EngineClient.Refusal(body)}");
        }

        using var document = JsonDocument.Parse(body);
        return document.RootElement.TryGetProperty("adapters", out var list) && list.ValueKind == JsonValueKind.Array
            ? [.. list.EnumerateArray().Where(static a => a.TryGetProperty("state", out var s) && s.GetString() == "running").Select(static a => a.GetProperty("name").GetString()!)]
            : [];
    }

    private static async Task<EngineMetricsSnapshot> MetricsAsync(EngineClient engine, CancellationToken cancellationToken)
    {
        var (status, body) = await Reach(() => engine.GetMetricsAsync(cancellationToken)).ConfigureAwait(false);
        return status == 200
            ? EngineMetricsSnapshot.Parse(body)
            : throw new LoopCliException($"the engine at {engine.Address} answered /metrics with HTTP {status}; loop load engine reads the loop's figures there");
    }

    /// <summary>For load, an engine that is not there is bad input like any wrong address: exit 2.</summary>
    private static async Task<(int Status, string Body)> Reach(Func<Task<(int Status, string Body)>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (LoopCliException ex) when (ex.ExitCode == ExitCode.Unreachable)
        {
            throw new LoopCliException(ex.Message + " (nothing was loaded)", ExitCode.UsageError);
        }
    }
}
