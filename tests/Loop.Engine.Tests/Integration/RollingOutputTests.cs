using System.Text.Json;
using Loop.Engine.Tests.Support;

namespace Loop.Engine.Tests.Integration;

/// <summary>
/// Outputs that roll by size (issue 12, item 20): 100,000 commands left a 20 MB engine.log and a 21 MB
/// events.jsonl. With output.max_size_kb they roll, output.keep of them are kept, and verify reads across them.
/// </summary>
public sealed class RollingOutputTests : IDisposable
{
    private readonly ScratchDirectory _scratch = new();

    [Fact]
    public async Task SmallRollSize_EventsCsvAndLogRoll_KeepBounded_VerifyReadsAcrossRolledFiles()
    {
        var spec = Path.Combine(_scratch.Path, "spec.yaml");
        await File.WriteAllTextAsync(spec, "loop: { tick_ms: 20, deadline_ms: 15 }\nexporter: { port: 0 }\noutput: { max_size_kb: 16, keep: 2 }\nadapters:\n  - { name: a, kind: synthetic }\n");
        var commands = Path.Combine(_scratch.Path, "controls", "commands.jsonl");

        using var loop = LoopProcess.Start(_scratch.Path, "run", "--spec", spec, "--ticks", "600");
        await loop.WaitForOutputAsync("bus: tailing", TimeSpan.FromSeconds(30));
        await File.AppendAllTextAsync(commands, string.Concat(Enumerable.Range(0, 600).Select(i => $"{{\"id\":\"c{i}\",\"cmd\":\"{(i % 2 == 0 ? "pause" : "resume")}\"}}\n")));
        Assert.Equal(0, await loop.WaitForExitAsync(TimeSpan.FromSeconds(60)));

        var logs = Path.Combine(_scratch.Path, "logs");
        foreach (var (live, first, second, third) in new[]
        {
            ("events.jsonl", "events.1.jsonl", "events.2.jsonl", "events.3.jsonl"),
            ("metrics.csv", "metrics.1.csv", "metrics.2.csv", "metrics.3.csv"),
        })
        {
            Assert.True(File.Exists(Path.Combine(logs, first)) && File.Exists(Path.Combine(logs, second)), $"{live} did not roll twice");
            Assert.False(File.Exists(Path.Combine(logs, third)), $"{live}: more than keep (2) rolled files");
            foreach (var file in new[] { live, first, second })
            {
                Assert.InRange(new FileInfo(Path.Combine(logs, file)).Length, 1, (16 * 1024) + 1024); // one line past the bound at most
            }
        }

        Assert.All(Directory.GetFiles(logs, "metrics*.csv"), f => Assert.StartsWith("ts,tick,", File.ReadLines(f).First(), StringComparison.Ordinal));
        Assert.All(Directory.GetFiles(logs, "events*.jsonl").SelectMany(File.ReadLines), l => JsonDocument.Parse(l).Dispose());
        Assert.True(Directory.GetFiles(logs, "engine*.log").Length >= 2, "engine.log did not roll");

        var rows = Directory.GetFiles(logs, "metrics*.csv").Sum(f => File.ReadLines(f).Count() - 1);
        var verify = await LoopProcess.RunAsync(_scratch.Path, "verify", "--metrics", "logs/metrics.csv", "--json", "--max-p95-ms", "1000", "--min-success", "0");
        using var report = JsonDocument.Parse(verify.Stdout);
        Assert.Equal(rows, report.RootElement.GetProperty("ticks").GetInt32());
        Assert.True(rows is > 100 and < 600, $"{rows} rows kept"); // the oldest rolled away
    }

    public void Dispose() => _scratch.Dispose();
}
