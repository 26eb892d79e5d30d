using System.Diagnostics;
using System.Text.Json;
using Loop.Engine.Tests.Support;

namespace Loop.Engine.Tests.Integration;

/// <summary>R-Axis alerts in a real Alertmanager (Debian's prometheus-alertmanager on a free loopback port).</summary>
public sealed class AlertmanagerTests : IDisposable
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly ScratchDirectory _scratch = new();

    [Fact]
    public async Task Block_PostedToAlertmanager_ThenResolvedWhenAcknowledged()
    {
        var port = FreePort.Next();
        using var alertmanager = AlertmanagerServer.Start(_scratch.Path, port);
        var spec = await WriteSpecAsync(port);
        using var loop = LoopProcess.Start(_scratch.Path, "run", "--spec", spec);
        var url = await loop.EndpointAsync();

        JsonElement alert = default;
        await Eventually.AssertAsync(
            () =>
            {
                alert = AlertmanagerServer.Alerts(port).SingleOrDefault(a => AlertmanagerServer.Label(a, "level") == "BLOCK");
                Assert.Equal(JsonValueKind.Object, alert.ValueKind);
            },
            TimeSpan.FromSeconds(40),
            TimeSpan.FromMilliseconds(500));

        Assert.Equal(("ResonanceSignalBlock", "critical", "adapter:failing", "alerting"), (AlertmanagerServer.Label(alert, "alertname"), AlertmanagerServer.Label(alert, "severity"), AlertmanagerServer.Label(alert, "scope"), AlertmanagerServer.Label(alert, "engine")));
        Assert.StartsWith("success rate below 0.5", alert.GetProperty("annotations").GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal("0.5", alert.GetProperty("annotations").GetProperty("threshold").GetString());
        Assert.DoesNotContain(AlertmanagerServer.Alerts(port), a => AlertmanagerServer.Label(a, "level") == "WARN"); // the WARN before it was resolved

        using var ack = await Http.PostAsync(url + "/bus", BusContent.Of("{\"cmd\":\"ack_block\",\"args\":{\"scope\":\"adapter:failing\"}}\n"));
        Assert.Contains("\"ok\":true", await ack.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await Eventually.AssertAsync(
            () => Assert.DoesNotContain(AlertmanagerServer.Alerts(port), a => AlertmanagerServer.Label(a, "scope") == "adapter:failing" && AlertmanagerServer.Label(a, "level") == "BLOCK"),
            TimeSpan.FromSeconds(20),
            TimeSpan.FromMilliseconds(500));
    }

    [Fact]
    public async Task CleanStop_ResolvesTheActiveAlerts()
    {
        // Issue 12, item 11: after SIGTERM the engine's alerts stayed firing until their endsAt (5 min).
        var port = FreePort.Next();
        using var alertmanager = AlertmanagerServer.Start(_scratch.Path, port);
        var spec = await WriteSpecAsync(port);
        using var loop = LoopProcess.Start(_scratch.Path, "run", "--spec", spec);
        await loop.EndpointAsync();
        await Eventually.AssertAsync(
            () => Assert.Contains(AlertmanagerServer.Alerts(port), a => AlertmanagerServer.Label(a, "scope") == "adapter:failing" && AlertmanagerServer.Label(a, "level") == "BLOCK"),
            TimeSpan.FromSeconds(40),
            TimeSpan.FromMilliseconds(500));

        loop.Signal("TERM");
        Assert.Equal(0, await loop.WaitForExitAsync(TimeSpan.FromSeconds(30)));

        Assert.DoesNotContain(AlertmanagerServer.Alerts(port), a => AlertmanagerServer.Label(a, "engine") == "alerting"); // resolved before the engine exited
    }

    [Fact]
    public async Task AlertmanagerDown_FailuresCounted_StateSentOnceItIsUp()
    {
        var port = FreePort.Next();
        var spec = await WriteSpecAsync(port);
        using var loop = LoopProcess.Start(_scratch.Path, "run", "--spec", spec);
        var url = await loop.EndpointAsync();

        await Eventually.AssertAsync(
            () => Assert.Matches(@"resonance_alertmanager_failures_total [1-9]", Http.GetStringAsync(url + "/metrics").GetAwaiter().GetResult()),
            TimeSpan.FromSeconds(30),
            TimeSpan.FromMilliseconds(500));
        Assert.Equal(System.Net.HttpStatusCode.OK, (await Http.GetAsync(url + "/healthz")).StatusCode); // the loop never waited for it

        using var alertmanager = AlertmanagerServer.Start(_scratch.Path, port);
        await Eventually.AssertAsync(
            () => Assert.Contains(AlertmanagerServer.Alerts(port), a => AlertmanagerServer.Label(a, "scope") == "adapter:failing" && AlertmanagerServer.Label(a, "level") == "BLOCK"),
            TimeSpan.FromSeconds(60),
            TimeSpan.FromMilliseconds(500));
    }

    [Fact]
    public async Task Rehearse_ReportsTheAlertAlertmanagerReceived()
    {
        var port = FreePort.Next();
        using var alertmanager = AlertmanagerServer.Start(_scratch.Path, port);
        var spec = Path.Combine(_scratch.Path, "drill.yaml");
        await File.WriteAllTextAsync(spec, $$"""
            loop: { name: drill, tick_ms: 200, ticks: 0, deadline_ms: 150 }
            exporter: { port: 0 }
            alertmanager: { url: "http://127.0.0.1:{{port}}" }
            r_axis: { adapter: { warn_window: 3s }, clear_for: 2s }
            adapters:
              - { name: api, kind: synthetic, latency_ms: { mean: 3, jitter: 1 }, restart: { after_failures: 100 } }
            """);
        using var loop = LoopProcess.Start(_scratch.Path, "run", "--spec", spec);
        var url = await loop.EndpointAsync();
        await Task.Delay(2000);

        var (code, stdout, stderr) = await LoopProcess.RunAsync(_scratch.Path, "send", "rehearse", "--adapter", "api", "--mode", "error", "--ticks", "5", "--timeout", "30", "--to", url); // as the README has it: no --spec, the engine says where its Alertmanager is

        Assert.True(code == 0, stdout + stderr);
        using var report = JsonDocument.Parse(stdout);
        Assert.Contains("ResonanceSignalWarn/warning", report.RootElement.GetProperty("alertmanager").EnumerateArray().Select(a => a.GetString()));
    }

    public void Dispose() => _scratch.Dispose();

    /// <summary>An adapter that always fails, raised to BLOCK within ~2 s, that stays there until acknowledged.</summary>
    private async Task<string> WriteSpecAsync(int alertmanagerPort)
    {
        var spec = Path.Combine(_scratch.Path, "alerts.yaml");
        await File.WriteAllTextAsync(spec, $$"""
            loop: { name: alerting, tick_ms: 200, ticks: 0, deadline_ms: 150 }
            exporter: { port: 0 }
            alertmanager: { url: "http://127.0.0.1:{{alertmanagerPort}}" }
            r_axis:
              adapter: { block_window: 2s, auto_clear: false }
            adapters:
              - name: failing
                kind: synthetic
                failure_rate: 1
                restart: { after_failures: 1000 }
            """);
        return spec;
    }
}
