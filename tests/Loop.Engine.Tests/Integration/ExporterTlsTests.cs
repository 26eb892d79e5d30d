using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using Loop.Engine.Tests.Support;

namespace Loop.Engine.Tests.Integration;

/// <summary><c>exporter.tls</c> on the real engine: the page, /metrics and /bus over HTTPS with a self-signed certificate, and a bad pair refused in one line.</summary>
public sealed partial class ExporterTlsTests
{
    [Fact]
    public async Task Tls_PageMetricsAndBusOverHttps_LoopSendTrustsTheSpecsCertificate_PlainHttpRefused()
    {
        using var scratch = new ScratchDirectory();
        using var certificate = SelfSigned(scratch.Path);
        var spec = Path.Combine(scratch.Path, "tls.yaml");
        await File.WriteAllTextAsync(spec, """
            loop: { name: tls, tick_ms: 200, ticks: 0, deadline_ms: 150 }
            exporter: { port: 0, tls: { certificate: cert.pem, key: key.pem } }
            adapters:
              - { name: a, kind: synthetic }
            """);
        using var loop = LoopProcess.Start(scratch.Path, "run", "--spec", spec);
        await loop.WaitForOutputAsync("endpoint listening on", TimeSpan.FromSeconds(30));
        var endpoint = HttpsEndpoint().Match(loop.Stdout).Groups[1].Value;
        Assert.StartsWith("https://127.0.0.1:", endpoint, StringComparison.Ordinal);

        using var pinned = new HttpClient(new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, served, _, _) => served?.Thumbprint == certificate.Thumbprint,
        });
        using var page = await pinned.GetAsync(endpoint + "/");
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        Assert.Contains("resonance_tick_jitter_seconds_count", await pinned.GetStringAsync(endpoint + "/metrics"), StringComparison.Ordinal);

        var (code, stdout, stderr) = await LoopProcess.RunAsync(scratch.Path, "send", "pause", "--spec", spec, "--to", endpoint);
        Assert.True(code == 0, stdout + stderr);
        Assert.Contains("\"paused\":true", await pinned.GetStringAsync(endpoint + "/status"), StringComparison.Ordinal);

        using var plain = new HttpClient();
        await Assert.ThrowsAsync<HttpRequestException>(() => plain.GetAsync(endpoint.Replace("https://", "http://", StringComparison.Ordinal) + "/metrics"));
        loop.Signal("TERM");
        Assert.Equal(0, await loop.WaitForExitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task Tls_KeyNotThere_RunRefusedInOneLine()
    {
        using var scratch = new ScratchDirectory();
        using var certificate = SelfSigned(scratch.Path);
        var spec = Path.Combine(scratch.Path, "tls.yaml");
        await File.WriteAllTextAsync(spec, "exporter: { port: 0, tls: { certificate: cert.pem, key: nowhere.pem } }\n");

        var (code, stdout, stderr) = await LoopProcess.RunAsync(scratch.Path, "run", "--spec", spec, "--ticks", "3");

        Assert.Equal(2, code);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("exporter.tls.certificate: cannot load 'cert.pem' with the key 'nowhere.pem'", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stdout + stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OffLoopbackWithoutTls_Warns_TheTokenTravelsInClear()
    {
        using var scratch = new ScratchDirectory();
        var spec = Path.Combine(scratch.Path, "open.yaml");
        await File.WriteAllTextAsync(spec, "exporter: { host: 0.0.0.0, port: 0, token: t0ken-for-the-test }\n");

        var (code, stdout, stderr) = await LoopProcess.RunAsync(scratch.Path, "run", "--spec", spec, "--ticks", "3");

        Assert.True(code == 0, stdout + stderr);
        Assert.Contains("exporter: 0.0.0.0 is not loopback and there is no exporter.tls: the token and every command travel in clear", stdout, StringComparison.Ordinal);
    }

    /// <summary>A self-signed certificate for 127.0.0.1, written as cert.pem and key.pem (as openssl would).</summary>
    private static X509Certificate2 SelfSigned(string folder)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        var certificate = request.CreateSelfSigned(TimeProvider.System.GetUtcNow().AddDays(-1), TimeProvider.System.GetUtcNow().AddDays(30));
        File.WriteAllText(Path.Combine(folder, "cert.pem"), certificate.ExportCertificatePem());
        File.WriteAllText(Path.Combine(folder, "key.pem"), key.ExportPkcs8PrivateKeyPem());
        return certificate;
    }

    [GeneratedRegex(@"endpoint listening on (https://127\.0\.0\.1:\d+)")]
    private static partial Regex HttpsEndpoint();
}
