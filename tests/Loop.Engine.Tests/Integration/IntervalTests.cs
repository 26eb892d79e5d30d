using System.Globalization;
using System.Text.Json;
using Loop.Engine.Tests.Support;

namespace Loop.Engine.Tests.Integration;

/// <summary>Per-adapter intervals through the real executable: metrics.csv's due/ran columns and /status.</summary>
public sealed class IntervalTests : IDisposable
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly ScratchDirectory _scratch = new();

    [Fact]
    public async Task Run_AdaptersEverySecond_CalledOnEveryFifthTick_CsvAndStatusSayDueAndRan()
    {
        var spec = Path.Combine(_scratch.Path, "every.yaml");
        await File.WriteAllTextAsync(spec, """
            loop: { name: every, tick_ms: 200, deadline_ms: 150 }
            exporter: { port: 0 }
            adapters:
              - { name: each-tick, kind: synthetic, latency_ms: { mean: 1, jitter: 0 } }
              - { name: each-second, kind: synthetic, latency_ms: { mean: 1, jitter: 0 }, every: 1s }
              - { name: each-minute, kind: synthetic, latency_ms: { mean: 1, jitter: 0 }, every: 1m, every_failing: 1s }
            """);
        using var loop = LoopProcess.Start(_scratch.Path, "run", "--spec", spec);
        var url = await loop.EndpointAsync();
        var csv = Path.Combine(_scratch.Path, "logs", "metrics.csv");
        await Eventually.AssertAsync(() => Assert.True(File.Exists(csv) && File.ReadLines(csv).Count() > 16), TimeSpan.FromSeconds(30));

        var header = File.ReadLines(csv).First().Split(',');
        var rows = File.ReadLines(csv).Skip(3).Take(10).Select(static l => l.Split(',')).ToList(); // past the first ticks (adapters starting)
        int Column(string[] row, string name) => int.Parse(row[Array.IndexOf(header, name)], CultureInfo.InvariantCulture);

        Assert.All(rows, r => Assert.Equal(3, Column(r, "adapters")));
        Assert.All(rows, r => Assert.Equal(Column(r, "due"), Column(r, "ran")));
        Assert.All(rows, r => Assert.Equal(Column(r, "ran"), Column(r, "ok") + Column(r, "error") + Column(r, "timeout")));
        Assert.InRange(rows.Sum(r => Column(r, "ran")), 10 + 2, 10 + 2 + 1); // 10 ticks: each-tick 10 times, each-second twice, each-minute at most once
        using var status = JsonDocument.Parse(await Http.GetStringAsync(url + "/status"));
        var every = status.RootElement.GetProperty("adapters").EnumerateArray().ToDictionary(static a => a.GetProperty("name").GetString()!, static a => a.GetProperty("every_ms").GetDouble());
        Assert.Equal(new Dictionary<string, double> { ["each-minute"] = 60_000, ["each-second"] = 1000, ["each-tick"] = 200 }, every);
        Assert.InRange(status.RootElement.GetProperty("loop").GetProperty("ran").GetInt32(), 1, 3);
    }

    public void Dispose() => _scratch.Dispose();
}
