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

        // every figure checked with the whole report in the message: a failure on a busy machine says what it saw
        void Has(string pattern) => Assert.True(Regex.IsMatch(stdout, pattern, RegexOptions.Multiline), $"no /{pattern}/ in:\n{stdout}{stderr}");
        Assert.True(code == 0, stdout + stderr);
        Has(@"^bus\s+\(all\)\s+270\s+270\s+0\s"); // 90 % of 100/s for 3 s, all acked ok
        Has(@"^status\s+\(all\)\s+15\s+15\s+0\s");
        Has(@"^scrape\s+\(all\)\s+15\s+15\s+0\s");

        // the loop's side, read from the engine's /metrics: ticks ran, jitter has figures, and the bus counted our commands
        var ticks = Regex.Match(stdout, @"ticks, under load\s+(\d+)");
        Assert.True(ticks.Success && int.Parse(ticks.Groups[1].Value, CultureInfo.InvariantCulture) is >= 10 and <= 40, stdout); // 5 ticks/s for ~3 s
        Has(@"tick jitter p50 / p99, under load\s+[0-9.]+ / [0-9.]+ ms");
        Has(@"tick jitter p50 / p99, baseline\s+[0-9.]+ / [0-9.]+ ms");
        Has(@"bus commands by result, under load\s+ok 270\b");
        Has(@"engine\s+jitter_p99=1s\s+[0-9.]+ ms\s+pass");
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
