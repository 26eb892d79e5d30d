using System.Text.Json;
using Loop.Engine.Tests.Support;

namespace Loop.Engine.Tests.Integration;

/// <summary>loop verify on a metrics.csv the real engine appended across runs (issue 12, item 18).</summary>
public sealed class VerifyRunsTests : IDisposable
{
    private readonly ScratchDirectory _scratch = new();

    [Fact]
    public async Task TwoRunsInOneFile_VerifyJudgesTheLatest_AllOnRequest()
    {
        var first = await LoopProcess.RunAsync(_scratch.Path, "run", "--ticks", "12", "--port", "0");
        var second = await LoopProcess.RunAsync(_scratch.Path, "run", "--ticks", "5", "--port", "0");
        Assert.True(first.ExitCode == 0 && second.ExitCode == 0, first.Stdout + first.Stderr + second.Stdout + second.Stderr);

        var latest = await LoopProcess.RunAsync(_scratch.Path, "verify", "--metrics", "logs/metrics.csv", "--json");
        var all = await LoopProcess.RunAsync(_scratch.Path, "verify", "--metrics", "logs/metrics.csv", "--json", "--run", "all");

        using var latestReport = JsonDocument.Parse(latest.Stdout);
        using var allReport = JsonDocument.Parse(all.Stdout);
        Assert.Equal((5, 2), (latestReport.RootElement.GetProperty("ticks").GetInt32(), latestReport.RootElement.GetProperty("runs").GetInt32()));
        Assert.Equal(17, allReport.RootElement.GetProperty("ticks").GetInt32());
        var events = RunFiles.JsonLines(Path.Combine(_scratch.Path, "logs", "events.jsonl"));
        var lastStart = events.Last(static e => e.GetProperty("type").GetString() == "lifecycle" && e.GetProperty("event").GetString() == "started");
        Assert.Equal(lastStart.GetProperty("run").GetString(), latestReport.RootElement.GetProperty("run").GetString());
    }

    [Fact]
    public async Task MetricsCsvOfAnOlderLoop_MovedAside_TheRunStartsANewOne()
    {
        var logs = Directory.CreateDirectory(Path.Combine(_scratch.Path, "logs")).FullName;
        var old = "ts,tick,due_ms,jitter_ms,loop_latency_ms,adapters,ok,timeout,error,rejected,skipped,success_rate,r_axis_loop\n2026-01-01T00:00:00.000Z,1,2,0.1,2,1,1,0,0,0,0,1.0,OK\n";
        await File.WriteAllTextAsync(Path.Combine(logs, "metrics.csv"), old);

        var run = await LoopProcess.RunAsync(_scratch.Path, "run", "--ticks", "3", "--port", "0");

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        Assert.Equal(old, await File.ReadAllTextAsync(Path.Combine(logs, "metrics.csv.old-columns")));
        Assert.EndsWith(",paused,overrun,run,due,ran", File.ReadLines(Path.Combine(logs, "metrics.csv")).First(), StringComparison.Ordinal);
        Assert.Contains("moved to", run.Stdout, StringComparison.Ordinal);
    }

    public void Dispose() => _scratch.Dispose();
}
