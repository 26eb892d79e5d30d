using System.Net.Http;
using System.Text.Json;
using Loop.Engine.Tests.Support;

namespace Loop.Engine.Tests.Integration;

/// <summary>R-Axis on the real executable: a failing adapter is raised to BLOCK and blocked; every sink shows it; ack_block lowers it.</summary>
public sealed class RAxisTests : IDisposable
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly ScratchDirectory _scratch = new();

    [Fact]
    public async Task FailingAdapter_WarnThenBlock_InEverySink_AckBlockLowersIt()
    {
        var spec = Path.Combine(_scratch.Path, "raxis.yaml");
        await File.WriteAllTextAsync(spec, """
            loop: { name: raxis, tick_ms: 200, ticks: 0, deadline_ms: 150 }
            exporter: { port: 0 }
            r_axis:
              adapter: { block_window: 2s, trial_every: 1s, auto_clear: false }
              clear_for: 1s
            adapters:
              - { name: good, kind: synthetic, latency_ms: { mean: 2, jitter: 1 } }
              - name: failing
                kind: synthetic
                failure_rate: 1
                restart: { after_failures: 1000 }
            """);
        using var loop = LoopProcess.Start(_scratch.Path, "run", "--spec", spec);
        var url = await loop.EndpointAsync();
        var events = Path.Combine(_scratch.Path, "logs", "events.jsonl");

        List<JsonElement> signals = [];
        await Eventually.AssertAsync(
            () =>
            {
                var lines = Lines(events);
                signals = lines.Where(e => e.GetProperty("type").GetString() == "r_axis").ToList();
                Assert.Contains(signals, s => s.GetProperty("level").GetString() == "BLOCK");

                // The adapter's "blocked" line comes right after the signal's, each written and flushed on its own:
                // read between the two, the file has the one without the other yet.
                Assert.Contains(lines, e => e.GetProperty("type").GetString() == "adapter" && e.GetProperty("event").GetString() == "blocked");
            },
            TimeSpan.FromSeconds(30),
            TimeSpan.FromMilliseconds(200));

        Assert.Equal(["WARN", "BLOCK"], signals.Select(s => s.GetProperty("level").GetString()));
        Assert.All(signals, s => Assert.Equal("adapter:failing", s.GetProperty("scope").GetString()));

        using (var status = JsonDocument.Parse(await Http.GetStringAsync(url + "/status")))
        {
            var rAxis = status.RootElement.GetProperty("r_axis");
            Assert.Equal(("OK", "OK", "BLOCK"), (rAxis.GetProperty("loop").GetString(), rAxis.GetProperty("adapter:good").GetString(), rAxis.GetProperty("adapter:failing").GetString()));
            var failing = status.RootElement.GetProperty("adapters").EnumerateArray().Single(a => a.GetProperty("name").GetString() == "failing");
            Assert.Equal("blocked", failing.GetProperty("state").GetString());
        }

        var metrics = await Http.GetStringAsync(url + "/metrics");
        Assert.Contains("resonance_r_axis_level{scope=\"adapter:failing\"} 2\n", metrics, StringComparison.Ordinal);
        Assert.Contains("resonance_r_axis_level{scope=\"loop\"} 0\n", metrics, StringComparison.Ordinal);
        Assert.Contains("resonance_adapter_state{adapter=\"failing\",state=\"blocked\"} 1\n", metrics, StringComparison.Ordinal);

        // auto_clear: false: it stays at BLOCK until an operator acknowledges it.
        using var ack = await Http.PostAsync(url + "/bus", BusContent.Of("{\"cmd\":\"ack_block\",\"args\":{\"scope\":\"adapter:failing\"}}\n{\"cmd\":\"ack_block\",\"args\":{\"scope\":\"loop\"}}\n"));
        var acks = (await ack.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("\"ok\":true", acks[0], StringComparison.Ordinal);
        Assert.Contains("\"code\":\"no_block\"", acks[1], StringComparison.Ordinal);
        await Eventually.AssertAsync(
            () => Assert.Contains(Lines(events), e => e.GetProperty("type").GetString() == "r_axis" && e.GetProperty("level").GetString() == "OK" && e.GetProperty("reason").GetString() == "acknowledged by an operator"),
            TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task HealthyAdapters_NoSignal_CsvSaysOk()
    {
        var spec = Path.Combine(_scratch.Path, "healthy.yaml");
        await File.WriteAllTextAsync(spec, """
            loop: { name: healthy, tick_ms: 200, ticks: 25, deadline_ms: 150 }
            exporter: { port: 0 }
            adapters:
              - { name: a, kind: synthetic, latency_ms: { mean: 5, jitter: 2 } }
              - { name: b, kind: synthetic, latency_ms: { mean: 5, jitter: 2 } }
            """);

        var (code, _, stderr) = await LoopProcess.RunAsync(_scratch.Path, "run", "--spec", spec);

        Assert.True(code == 0, stderr);
        var levels = RunFiles.Column(Path.Combine(_scratch.Path, "logs", "metrics.csv"), "r_axis_loop");
        Assert.Equal(25, levels.Count);
        Assert.All(levels, l => Assert.Equal("OK", l));

        // The first second of a fresh process can time out a call or three (JIT): no signal after it.
        var signals = Lines(Path.Combine(_scratch.Path, "logs", "events.jsonl")).Where(e => e.GetProperty("type").GetString() == "r_axis").ToList();
        Assert.DoesNotContain(signals, s => s.GetProperty("tick").GetInt64() > 5 && s.GetProperty("level").GetString() != "OK");
    }

    [Fact]
    public async Task Rehearse_ErrorBurst_WarnRisesAndClearsOnce_RecoveryReported()
    {
        var spec = Path.Combine(_scratch.Path, "drill.yaml");
        await File.WriteAllTextAsync(spec, """
            loop: { name: drill, tick_ms: 200, ticks: 0, deadline_ms: 150 }
            exporter: { port: 0 }
            r_axis:
              adapter: { warn_window: 2s }
              clear_for: 1s
            adapters:
              - name: api
                kind: synthetic
                latency_ms: { mean: 3, jitter: 1 }
                restart: { after_failures: 100 }
            """);
        using var loop = LoopProcess.Start(_scratch.Path, "run", "--spec", spec);
        var url = await loop.EndpointAsync();
        await Task.Delay(2000); // a healthy history first

        var (code, stdout, stderr) = await LoopProcess.RunAsync(_scratch.Path, "send", "rehearse", "--adapter", "api", "--mode", "error", "--ticks", "5", "--timeout", "30", "--to", url);

        Assert.True(code == 0, stdout + stderr);
        using var report = JsonDocument.Parse(stdout);
        Assert.Equal(["WARN"], report.RootElement.GetProperty("rose").EnumerateArray().Select(r => r.GetString()));
        Assert.True(report.RootElement.GetProperty("recovered").GetBoolean());
        Assert.InRange(report.RootElement.GetProperty("recovery_ms").GetInt64(), 500, 15_000); // the 2 s window, then clear_for 1 s
        var levels = Lines(Path.Combine(_scratch.Path, "logs", "events.jsonl")).Where(e => e.GetProperty("type").GetString() == "r_axis").Select(e => e.GetProperty("level").GetString());
        Assert.Equal(["WARN", "OK"], levels); // one raise, one clear
    }

    [Fact]
    public async Task SlowAdapter_LoopWarnButNoBlockUnderTheBlockBar()
    {
        var spec = Path.Combine(_scratch.Path, "slow.yaml");
        await File.WriteAllTextAsync(spec, """
            loop: { name: slow, tick_ms: 200, ticks: 20, deadline_ms: 150 }
            exporter: { port: 0 }
            r_axis:
              loop: { warn_latency_ms: 30, warn_for: 1s, block_latency_ms: 120, block_for: 1s }
            adapters:
              - { name: slow, kind: synthetic, latency_ms: { mean: 60, jitter: 5 } }
            """);

        var (code, _, stderr) = await LoopProcess.RunAsync(_scratch.Path, "run", "--spec", spec);

        Assert.True(code == 0, stderr);
        var signals = Lines(Path.Combine(_scratch.Path, "logs", "events.jsonl")).Where(e => e.GetProperty("type").GetString() == "r_axis").ToList();
        Assert.Contains(signals, s => s.GetProperty("scope").GetString() == "loop" && s.GetProperty("level").GetString() == "WARN");
        Assert.DoesNotContain(signals, s => s.GetProperty("level").GetString() == "BLOCK");
        Assert.Contains("WARN", RunFiles.Column(Path.Combine(_scratch.Path, "logs", "metrics.csv"), "r_axis_loop"));
    }

    public void Dispose() => _scratch.Dispose();

    private static List<JsonElement> Lines(string path) => RunFiles.JsonLines(path);
}
