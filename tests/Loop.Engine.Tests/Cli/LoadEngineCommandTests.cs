using System.Globalization;
using System.Text.RegularExpressions;
using Loop.Engine.Tests.Support;

namespace Loop.Engine.Tests.Cli;

/// <summary><c>loop load engine</c> against a real engine process: the load's figures and the loop's own, in one report.</summary>
public sealed class LoadEngineCommandTests : IDisposable
{
    private readonly ScratchDirectory _scratch = new();

    [Fact]
    public async Task Engine_MixedLoadOnARealEngine_ReportsTheLoadAndTheLoopsJitter()
    {
        using var engine = LoopProcess.Start(_scratch.Path, "run", "--port", "0");
        var address = await engine.EndpointAsync();
        await engine.WaitForOutputAsync("engine started", TimeSpan.FromSeconds(30));

        var (code, stdout, stderr) = await LoopProcess.RunAsync(
            _scratch.Path, "load", "engine", "--to", address, "--scenario", "mixed", "--rate", "100", "--duration", "3s", "--baseline", "1s", "--gate", "p95=5s,fail=0.5%,jitter_p99=1s", "--no-reports");

        Assert.True(code == 0, stdout + stderr);
        var bus = Regex.Match(stdout, @"^bus\s+\(all\)\s+(\d+)\s+(\d+)\s+0\s", RegexOptions.Multiline);
        Assert.True(bus.Success, stdout);
        Assert.Equal(270, int.Parse(bus.Groups[1].Value, CultureInfo.InvariantCulture)); // 90 % of 100/s for 3 s
        Assert.Matches(@"^status\s+\(all\)\s+15\s+15\s+0\s", stdout.Split('\n').First(static l => l.StartsWith("status ", StringComparison.Ordinal)));
        Assert.Matches(@"^scrape\s+\(all\)\s+15\s+15\s+0\s", stdout.Split('\n').First(static l => l.StartsWith("scrape ", StringComparison.Ordinal)));

        // the loop's side, read from the engine's /metrics: ticks ran, jitter has figures, and the bus counted our commands
        var ticks = Regex.Match(stdout, @"ticks, under load\s+(\d+)");
        Assert.InRange(int.Parse(ticks.Groups[1].Value, CultureInfo.InvariantCulture), 10, 30); // 5 ticks/s for ~3 s
        Assert.Matches(@"tick jitter p50 / p99, under load\s+[0-9.]+ / [0-9.]+ ms", stdout);
        Assert.Matches(@"tick jitter p50 / p99, baseline\s+[0-9.]+ / [0-9.]+ ms", stdout);
        Assert.Matches(@"bus commands by result, under load\s+ok 270\b", stdout);
        Assert.Matches(@"engine\s+jitter_p99=1s\s+[0-9.]+ ms\s+pass", stdout);
    }

    [Fact]
    public async Task Engine_NoEngineThere_OneLineExitTwo()
    {
        var (code, _, stderr) = await LoopProcess.RunAsync(_scratch.Path, "load", "engine", "--to", "http://127.0.0.1:1", "--duration", "1s", "--baseline", "0s");

        Assert.Equal(2, code);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("no engine answers at http://127.0.0.1:1", line, StringComparison.Ordinal);
    }

    public void Dispose() => _scratch.Dispose();
}
