using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using Loop.Engine.Tests.Support;

namespace Loop.Engine.Tests.Integration;

/// <summary>The endpoint of the real executable: promtool on its live output, health, status, port in use, a real Prometheus.</summary>
public sealed partial class ExporterTests : IDisposable
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly ScratchDirectory _scratch = new();

    [Fact]
    public async Task Metrics_LiveEngine_PromtoolFindsOnlyTheMsNameAndHealthAndStatusAnswer()
    {
        using var loop = LoopProcess.Start(_scratch.Path, "run", "--port", "0");
        var url = await EndpointOf(loop);
        string metrics = string.Empty;
        await Eventually.AssertAsync(
            () =>
            {
                metrics = Http.GetStringAsync(url + "/metrics").GetAwaiter().GetResult();
                Assert.Contains("resonance_ticks_total ", metrics, StringComparison.Ordinal);

                // The first tick records several instruments in turn: wait for the last of them too.
                Assert.Contains("\nresonance_loop_latency_ms ", metrics, StringComparison.Ordinal);
                Assert.Contains("resonance_adapter_success_rate{adapter=", metrics, StringComparison.Ordinal);
            },
            TimeSpan.FromSeconds(20));

        using var response = await Http.GetAsync(url + "/metrics");
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        var (code, findings) = await Promtool(metrics);
        var lines = findings.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["resonance_loop_latency_ms metric names should not contain abbreviated units"], lines);
        Assert.Equal(3, code); // promtool's "lint problems" exit: that one line only
        foreach (var family in new[] { "resonance_loop_latency_seconds", "resonance_tick_jitter_seconds", "resonance_tick_overruns_total", "resonance_adapter_latency_seconds", "resonance_adapter_results_total", "resonance_adapter_state" })
        {
            Assert.Contains("# TYPE " + family + " ", metrics, StringComparison.Ordinal);
        }

        Assert.Contains("resonance_adapter_state{adapter=\"synthetic-a\",state=\"running\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("resonance_adapter_state{adapter=\"synthetic-a\",state=\"starting\"} 0", metrics, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, (await Http.GetAsync(url + "/healthz")).StatusCode);
        using var status = JsonDocument.Parse(await Http.GetStringAsync(url + "/status"));
        Assert.Equal("ticking", status.RootElement.GetProperty("loop").GetProperty("state").GetString());
        var adapters = status.RootElement.GetProperty("adapters").EnumerateArray().ToList();
        Assert.Equal(["synthetic-a", "synthetic-b", "synthetic-flaky"], adapters.Select(a => a.GetProperty("name").GetString()));
        Assert.All(adapters, a => Assert.InRange(a.GetProperty("success_rate").GetDouble(), 0.0, 1.0)); // all were called (the wait above)
        Assert.Contains(adapters, a => a.GetProperty("success_rate").GetDouble() > 0);
        Assert.Equal("running", adapters[0].GetProperty("state").GetString());
    }

    [Fact]
    public async Task Metrics_CountersPresentAtZeroFromTheFirstScrape()
    {
        // Issue 12, item 10: increase()/rate() cannot see a counter's first event when the series is born with it.
        using var loop = LoopProcess.Start(_scratch.Path, "run", "--port", "0");
        var url = await EndpointOf(loop);

        var metrics = await Http.GetStringAsync(url + "/metrics");

        Assert.Contains("\nresonance_tick_overruns_total 0\n", metrics, StringComparison.Ordinal);
        Assert.Contains("\nresonance_gc_collections_total{run_by=\"loop\"} ", metrics, StringComparison.Ordinal); // the pacer's, on by default
        Assert.Contains("\nresonance_gc_collections_total{run_by=\"runtime\"} ", metrics, StringComparison.Ordinal);
        foreach (var adapter in new[] { "synthetic-a", "synthetic-b", "synthetic-flaky" })
        {
            Assert.Contains($"\nresonance_adapter_restarts_total{{adapter=\"{adapter}\"}} 0\n", metrics, StringComparison.Ordinal);

            // Issue 14: every outcome of every adapter from the start (a synthetic adapter is never rejected).
            Assert.Contains($"\nresonance_adapter_results_total{{adapter=\"{adapter}\",outcome=\"rejected\",reason=\"\"}} 0\n", metrics, StringComparison.Ordinal);
        }

        foreach (var cmd in new[] { "pause", "resume", "stop", "status", "set_tick", "add_adapter", "remove_adapter", "restart_adapter", "enable_adapter", "disable_adapter", "reset_metrics", "ack_block", "inject_fault" })
        {
            Assert.Contains($"\nresonance_bus_commands_total{{cmd=\"{cmd}\",result=\"ok\"}} 0\n", metrics, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Run_PortInUse_OneLineNamingThePortExitTwo()
    {
        using var busy = new TcpListener(IPAddress.Loopback, 0);
        busy.Start();
        var port = ((IPEndPoint)busy.LocalEndpoint).Port;

        var (code, _, stderr) = await LoopProcess.RunAsync(_scratch.Path, "run", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(2, code);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"loop: cannot listen on 127.0.0.1:{port} (", line, StringComparison.Ordinal);
        Assert.EndsWith("stop what uses that port or pass --port with a free one.", line, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_scratch.Path, "logs", "metrics.csv")), "nothing may run when the port cannot be bound");
    }

    [Fact]
    public async Task Prometheus_ScrapesTheEngine_SeriesArriveInItsApi()
    {
        using var loop = LoopProcess.Start(_scratch.Path, "run", "--port", "0");
        var target = new Uri(await EndpointOf(loop)).Authority;
        var prometheusPort = FreePort.Next();
        var config = Path.Combine(_scratch.Path, "prometheus.yml");
        await File.WriteAllTextAsync(config, $"global: {{ scrape_interval: 1s }}\nscrape_configs:\n  - job_name: loop\n    static_configs: [ {{ targets: [\"{target}\"] }} ]\n");
        var info = new ProcessStartInfo("prometheus")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            ArgumentList = { "--config.file=" + config, "--storage.tsdb.path=" + Path.Combine(_scratch.Path, "tsdb"), $"--web.listen-address=127.0.0.1:{prometheusPort}" },
        };
        using var prometheus = Process.Start(info)!;
        prometheus.BeginErrorReadLine();
        prometheus.BeginOutputReadLine();
        try
        {
            foreach (var query in new[] { "resonance_adapter_success_rate", "resonance_loop_latency_seconds_bucket" })
            {
                await Eventually.AssertAsync(
                    () =>
                    {
                        var body = Http.GetStringAsync($"http://127.0.0.1:{prometheusPort}/api/v1/query?query={query}").GetAwaiter().GetResult();
                        using var answer = JsonDocument.Parse(body);
                        Assert.NotEmpty(answer.RootElement.GetProperty("data").GetProperty("result").EnumerateArray());
                    },
                    TimeSpan.FromSeconds(60),
                    TimeSpan.FromMilliseconds(500));
            }

            // Every family of DESIGN.md (Metrics) answers a PromQL query, the ones with nothing to count
            // yet too (their counters are at 0 from the start): what Prometheus has, not what the text says.
            string[] families =
            [
                "resonance_loop_latency_ms", "resonance_loop_latency_seconds_bucket", "resonance_tick_jitter_seconds_bucket",
                "resonance_ticks_total", "resonance_tick_overruns_total", "resonance_adapter_success_rate",
                "resonance_adapter_latency_seconds_bucket", "resonance_adapter_results_total", "resonance_adapter_restarts_total",
                "resonance_adapter_state", "resonance_r_axis_level", "resonance_bus_commands_total", "resonance_journal_up",
                "resonance_output_dropped_lines_total",
            ];
            await Eventually.AssertAsync(
                () =>
                {
                    var query = Uri.EscapeDataString("group by (__name__) ({__name__=~\"resonance_.+\"})");
                    var body = Http.GetStringAsync($"http://127.0.0.1:{prometheusPort}/api/v1/query?query={query}").GetAwaiter().GetResult();
                    using var answer = JsonDocument.Parse(body);
                    var names = answer.RootElement.GetProperty("data").GetProperty("result").EnumerateArray()
                        .Select(static r => r.GetProperty("metric").GetProperty("__name__").GetString()).ToHashSet();
                    Assert.All(families, family => Assert.Contains(family, names));
                },
                TimeSpan.FromSeconds(60),
                TimeSpan.FromMilliseconds(500));
        }
        finally
        {
            prometheus.Kill(entireProcessTree: true);
        }
    }

    public void Dispose() => _scratch.Dispose();

    private static Task<string> EndpointOf(LoopProcess loop) => loop.EndpointAsync();

    private static async Task<(int Code, string Output)> Promtool(string exposition)
    {
        var info = new ProcessStartInfo("promtool", ["check", "metrics"]) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        using var promtool = Process.Start(info)!;
        await promtool.StandardInput.WriteAsync(exposition);
        promtool.StandardInput.Close();
        var stdout = promtool.StandardOutput.ReadToEndAsync();
        var stderr = promtool.StandardError.ReadToEndAsync();
        await promtool.WaitForExitAsync();
        return (promtool.ExitCode, await stdout + await stderr);
    }

}
