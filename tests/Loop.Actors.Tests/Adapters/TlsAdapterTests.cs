using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Loop.Actors.Adapters;

namespace Loop.Actors.Tests.Adapters;

/// <summary>The tls kind against a real TLS listener on loopback with a self-signed certificate made by the test.</summary>
public sealed class TlsAdapterTests : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);

    public TlsAdapterTests() => _listener.Start();

    private int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    [Fact]
    public async Task Call_SelfSignedSkipVerify_OkWithTheCertificatesExpiry()
    {
        using var certificate = Certificate(TimeProvider.System.GetUtcNow().AddDays(-1), TimeProvider.System.GetUtcNow().AddDays(60));
        var serve = Serve(certificate);
        using var adapter = new TlsAdapter(new TlsAdapterOptions { Host = "127.0.0.1", Port = Port, ServerName = "probe.test", InsecureSkipVerify = true });

        var result = await adapter.CallAsync(1, CancellationToken.None);
        await serve;

        Assert.Equal(AdapterOutcome.Ok, result.Outcome);
        Assert.Equal(certificate.NotAfter.ToUniversalTime(), result.CertificateExpires!.Value.UtcDateTime, TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task Call_SelfSignedVerified_ErrorTlsUntrusted()
    {
        using var certificate = Certificate(TimeProvider.System.GetUtcNow().AddDays(-1), TimeProvider.System.GetUtcNow().AddDays(60));
        var serve = Serve(certificate);
        using var adapter = new TlsAdapter(new TlsAdapterOptions { Host = "127.0.0.1", Port = Port, ServerName = "probe.test" });

        var result = await adapter.CallAsync(1, CancellationToken.None);
        await serve;

        Assert.Equal((AdapterOutcome.Error, "tls_untrusted"), (result.Outcome, result.Detail));
        Assert.NotNull(result.CertificateExpires);
    }

    [Fact]
    public async Task Call_Expired_ErrorTlsExpiredEvenWhenSkippingVerification()
    {
        using var certificate = Certificate(TimeProvider.System.GetUtcNow().AddDays(-30), TimeProvider.System.GetUtcNow().AddDays(-2));
        var serve = Serve(certificate);
        using var adapter = new TlsAdapter(new TlsAdapterOptions { Host = "127.0.0.1", Port = Port, InsecureSkipVerify = true });

        var result = await adapter.CallAsync(1, CancellationToken.None);
        await serve;

        Assert.Equal((AdapterOutcome.Error, "tls_expired"), (result.Outcome, result.Detail));
    }

    [Fact]
    public async Task Call_NotTlsAtAll_ErrorTlsError()
    {
        var serve = Task.Run(async () =>
        {
            using var socket = await _listener.AcceptSocketAsync();
            await socket.SendAsync("SSH-2.0-OpenSSH_9.2\r\n"u8.ToArray());
            socket.Shutdown(SocketShutdown.Both);
        });
        using var adapter = new TlsAdapter(new TlsAdapterOptions { Host = "127.0.0.1", Port = Port, InsecureSkipVerify = true });

        var result = await adapter.CallAsync(1, CancellationToken.None);
        await serve;

        Assert.Equal((AdapterOutcome.Error, "tls_error"), (result.Outcome, result.Detail));
    }

    public void Dispose() => _listener.Stop();

    private static X509Certificate2 Certificate(DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=probe.test", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("probe.test");
        request.CertificateExtensions.Add(names.Build());
        using var made = request.CreateSelfSigned(notBefore, notAfter);
        return X509CertificateLoader.LoadPkcs12(made.Export(X509ContentType.Pfx), null); // with its key usable by SslStream
    }

    private Task Serve(X509Certificate2 certificate) => Task.Run(async () =>
    {
        using var client = await _listener.AcceptTcpClientAsync();
        await using var tls = new SslStream(client.GetStream());
        try
        {
            await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = certificate });
        }
        catch (Exception ex) when (ex is IOException or System.Security.Authentication.AuthenticationException)
        {
            // the probe may hang up once it has judged the certificate
        }
    });
}
