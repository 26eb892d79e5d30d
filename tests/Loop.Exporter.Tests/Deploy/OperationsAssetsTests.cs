using System.Text.Json;

using Loop.Exporter.Tests.Support;

namespace Loop.Exporter.Tests.Deploy;

/// <summary>The files under deploy/ that operators load into Prometheus and Grafana, checked with the real promtool.</summary>
public sealed class OperationsAssetsTests
{
    private static readonly string Deploy = Path.Combine(RepoRoot(), "deploy");

    [Fact]
    public async Task AlertRules_PromtoolChecksAndUnitTestsPass()
    {
        var check = await Promtool.RunAsync(Path.Combine(Deploy, "prometheus"), null, "check", "rules", "resonance-rules.yml");
        var test = await Promtool.RunAsync(Path.Combine(Deploy, "prometheus"), null, "test", "rules", "resonance-rules.test.yml");

        Assert.True(check.Code == 0, check.Output);
        Assert.Contains("SUCCESS: 5 rules found", check.Output, StringComparison.Ordinal);
        Assert.True(test.Code == 0, test.Output);
    }

    [Fact]
    public async Task DeadManRules_PromtoolChecksAndUnitTestsPass()
    {
        var check = await Promtool.RunAsync(Path.Combine(Deploy, "prometheus"), null, "check", "rules", "resonance-engine-rules.yml");
        var test = await Promtool.RunAsync(Path.Combine(Deploy, "prometheus"), null, "test", "rules", "resonance-engine-rules.test.yml");

        Assert.True(check.Code == 0, check.Output);
        Assert.Contains("SUCCESS: 3 rules found", check.Output, StringComparison.Ordinal);
        Assert.True(test.Code == 0, test.Output);
        Assert.Contains("resonance-engine-rules.yml", await File.ReadAllTextAsync(Path.Combine(Deploy, "prometheus", "prometheus.yml")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AlertRules_SourceThresholdsArePresent()
    {
        var rules = await File.ReadAllTextAsync(Path.Combine(Deploy, "prometheus", "resonance-rules.yml"));

        Assert.Contains("expr: resonance_loop_latency_ms > 60\n        for: 1m", rules, StringComparison.Ordinal);
        Assert.Contains("expr: resonance_loop_latency_ms > 80\n        for: 30s", rules, StringComparison.Ordinal);
        Assert.Contains("expr: resonance_adapter_success_rate < 0.97\n        for: 5m", rules, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PrometheusConfig_PromtoolAcceptsIt()
    {
        var check = await Promtool.RunAsync(Path.Combine(Deploy, "prometheus"), null, "check", "config", "prometheus.yml");

        Assert.True(check.Code == 0, check.Output);
        Assert.Contains("127.0.0.1:9108", await File.ReadAllTextAsync(Path.Combine(Deploy, "prometheus", "prometheus.yml")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dashboard_HasTheFourPanelsAndTheLatencyThresholds()
    {
        using var dashboard = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(Deploy, "grafana", "loop-dashboard.json")));
        var panels = dashboard.RootElement.GetProperty("panels").EnumerateArray().ToList();
        var exprs = panels.SelectMany(p => p.GetProperty("targets").EnumerateArray()).Select(t => t.GetProperty("expr").GetString()!).ToList();

        Assert.Equal(["timeseries", "timeseries", "state-timeline", "heatmap"], panels.Select(p => p.GetProperty("type").GetString()));
        foreach (var metric in new[] { "resonance_loop_latency_ms", "resonance_loop_latency_seconds_bucket", "resonance_adapter_success_rate", "resonance_r_axis_level", "resonance_adapter_restarts_total" })
        {
            Assert.Contains(exprs, e => e.Contains(metric, StringComparison.Ordinal));
        }

        var steps = panels[0].GetProperty("fieldConfig").GetProperty("defaults").GetProperty("thresholds").GetProperty("steps").EnumerateArray()
            .Where(s => s.GetProperty("value").ValueKind == JsonValueKind.Number).Select(s => s.GetProperty("value").GetInt32());
        Assert.Equal([40, 60, 80], steps);
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Loop.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Loop.sln not found above the test folder");
    }
}
