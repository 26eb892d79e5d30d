using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Loop.Engine.Tests.Support;

namespace Loop.Engine.Tests.Integration;

/// <summary>kind: tcp through the real executable: a port that listens is ok, a closed one is an error with its reason.</summary>
public sealed class TcpProbeTests : IDisposable
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly ScratchDirectory _scratch = new();

    [Fact]
    public async Task Run_TcpAdapters_ListeningPortOk_ClosedPortError()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var open = ((IPEndPoint)listener.LocalEndpoint).Port;
        var closed = FreePort.Next();
        var spec = Path.Combine(_scratch.Path, "tcp.yaml");
        await File.WriteAllTextAsync(spec, $$"""
            loop: { name: tcp, tick_ms: 200, deadline_ms: 150 }
            exporter: { port: 0 }
            adapters:
              - { name: db, kind: tcp, target: "127.0.0.1:{{open}}" }
              - { name: gone, kind: tcp, target: "127.0.0.1:{{closed}}", restart: { after_failures: 1000 } }
            """);
        var check = await LoopProcess.RunAsync(_scratch.Path, "spec", "check", spec);
        Assert.True(check.ExitCode == 0, check.Stdout + check.Stderr);

        using var loop = LoopProcess.Start(_scratch.Path, "run", "--spec", spec);
        var url = await loop.EndpointAsync();
        await Eventually.AssertAsync(
            () =>
            {
                var metrics = Http.GetStringAsync(url + "/metrics").GetAwaiter().GetResult();
                Assert.Matches("resonance_adapter_results_total\\{adapter=\"db\",outcome=\"ok\",reason=\"\"\\} [1-9]", metrics);
                Assert.Matches("resonance_adapter_results_total\\{adapter=\"gone\",outcome=\"error\",reason=\"connect_refused\"\\} [1-9]", metrics); // the reason class as a label
            },
            TimeSpan.FromSeconds(20));

        using var status = JsonDocument.Parse(await Http.GetStringAsync(url + "/status"));
        var kinds = status.RootElement.GetProperty("adapters").EnumerateArray().Select(static a => a.GetProperty("kind").GetString()).Distinct();
        Assert.Equal(["tcp"], kinds);
    }

    public void Dispose() => _scratch.Dispose();
}
