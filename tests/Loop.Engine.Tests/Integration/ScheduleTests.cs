using System.Globalization;
using System.Text;
using Loop.Engine.Tests.Support;

namespace Loop.Engine.Tests.Integration;

/// <summary>The tick grid of the real executable under operator commands (issue 12, item 6).</summary>
public sealed class ScheduleTests
{
    [Fact]
    public async Task SetTickBurst_GridStaysMonotonic_NoEarlyTick_LatencyMeasured_NoFalseTimeouts()
    {
        await using var run = await BusRun.StartAsync();
        var random = new Random(20261127);
        var burst = new StringBuilder();
        for (var i = 0; i < 499; i++)
        {
            var tickMs = random.Next(4) switch { 0 => 160, 1 => 3_600_000, 2 => random.Next(151, 400), _ => random.Next(400, 10_000) };
            burst.Append(CultureInfo.InvariantCulture, $"{{\"cmd\":\"set_tick\",\"args\":{{\"tick_ms\":{tickMs}}}}}\n");
        }

        burst.Append("{\"cmd\":\"set_tick\",\"args\":{\"tick_ms\":200}}\n");
        var ticksBefore = run.Ticks;
        run.Append(burst.ToString());
        await run.WaitForAcksAsync(500, TimeSpan.FromSeconds(60));
        await run.WaitForTicksAsync(run.Ticks + 15);

        var rows = RunFiles.Lines(Path.Combine(run.Path, "logs", "metrics.csv")).Skip(1).Where(static l => l.Length > 0).Select(static l => l.Split(',')).ToList();
        var header = RunFiles.Lines(Path.Combine(run.Path, "logs", "metrics.csv"))[0].Split(',');
        int Column(string name) => Array.IndexOf(header, name);
        double Value(string[] row, string name) => double.Parse(row[Column(name)], CultureInfo.InvariantCulture);

        Assert.All(run.Acks(), a => Assert.Equal("ok", BusRun.Code(a)));
        Assert.True(rows.Count >= ticksBefore + 15, $"{rows.Count} ticks");
        var dues = rows.Select(r => Value(r, "due_ms")).ToList();
        for (var i = 1; i < rows.Count; i++)
        {
            Assert.True(dues[i] > dues[i - 1], $"tick {rows[i][Column("tick")]} is due at {dues[i]} ms, not after the one before ({dues[i - 1]} ms)");
        }

        Assert.All(rows, r => Assert.True(Value(r, "jitter_ms") >= 0, $"tick {r[Column("tick")]} started {Value(r, "jitter_ms")} ms from its due time"));
        Assert.All(rows, r => Assert.True(Value(r, "loop_latency_ms") > 0, $"tick {r[Column("tick")]}: loop latency {Value(r, "loop_latency_ms")} ms (synthetic adapters take ~2 ms)"));
        Assert.All(rows, r => Assert.Equal(0, Value(r, "timeout")));
    }
}
