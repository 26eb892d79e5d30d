using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.RegularExpressions;
using Loop.Engine.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Loop.Engine.Tests.Integration;

/// <summary>kind: tls through the real executable against Kestrel with a self-signed certificate: the days left as a metric, WARN below warn_days.</summary>
public sealed class TlsProbeTests : IDisposable
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly ScratchDirectory _scratch = new();

    [Fact]
    public async Task Run_TlsAdapter_CertificateExpiryExportedAndWarnBelowWarnDays()
    {
        var now = TimeProvider.System.GetUtcNow();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=probe.test", key, HashAlgorithmName.SHA256);
        using var made = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(60));
        using var certificate = X509CertificateLoader.LoadPkcs12(made.Export(X509ContentType.Pfx), null);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate)));
        await using var site = builder.Build();
        site.MapGet("/", () => "ok");
        await site.StartAsync();
        var port = new Uri(site.Urls.First()).Port;

        var spec = Path.Combine(_scratch.Path, "tls.yaml");
        await File.WriteAllTextAsync(spec, $$"""
            loop: { name: tls, tick_ms: 1000, deadline_ms: 900 }
            exporter: { port: 0 }
            adapters:
              - { name: site, kind: tls, target: "127.0.0.1:{{port}}", server_name: probe.test, insecure_skip_verify: true, warn_days: 90, timeout_ms: 900 }
            """);
        using var loop = LoopProcess.Start(_scratch.Path, "run", "--spec", spec);
        var url = await loop.EndpointAsync();

        await Eventually.AssertAsync(
            () =>
            {
                var metrics = Http.GetStringAsync(url + "/metrics").GetAwaiter().GetResult();
                var left = Regex.Match(metrics, "\nresonance_adapter_cert_expiry_seconds\\{adapter=\"site\"\\} ([0-9.e+]+)\n");
                Assert.True(left.Success, metrics);
                Assert.InRange(double.Parse(left.Groups[1].Value, CultureInfo.InvariantCulture) / 86_400, 59, 61);
                using var status = JsonDocument.Parse(Http.GetStringAsync(url + "/status").GetAwaiter().GetResult());
                Assert.Equal("WARN", status.RootElement.GetProperty("adapters")[0].GetProperty("r_axis").GetString()); // 60 days left, warn_days 90
            },
            TimeSpan.FromSeconds(20));
        await Eventually.AssertAsync(
            () =>
            {
                var events = File.ReadAllText(Path.Combine(_scratch.Path, "logs", "events.jsonl"));
                Assert.True(Regex.IsMatch(events, "\"type\":\"r_axis\".*certificate expires in (59\\.9|60) days"), events);
            },
            TimeSpan.FromSeconds(10));
    }

    public void Dispose() => _scratch.Dispose();
}
