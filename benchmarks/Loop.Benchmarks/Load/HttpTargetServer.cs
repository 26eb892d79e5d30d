using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Loop.Benchmarks.Load;

/// <summary>The probe target, run as its own process so its CPU is not counted as the engine's: GET /ok answers 200 "ok".</summary>
public static class HttpTargetServer
{
    /// <summary>Starts the target in a process of its own (this assembly's http-server mode) and returns it with its address.</summary>
    public static System.Diagnostics.Process Start(out string baseUrl)
    {
        var info = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add(typeof(HttpTargetServer).Assembly.Location);
        info.ArgumentList.Add("http-server");
        var process = System.Diagnostics.Process.Start(info)!;
        baseUrl = process.StandardOutput.ReadLine() ?? throw new InvalidOperationException("the target server did not start");
        return process;
    }

    /// <summary>Like <see cref="Start(out string)"/>, and also an https:// listener with a self-signed certificate (for tls probes).</summary>
    public static System.Diagnostics.Process Start(out string baseUrl, out string httpsUrl)
    {
        var process = Start(out baseUrl);
        httpsUrl = process.StandardOutput.ReadLine() ?? throw new InvalidOperationException("the target server printed no https address");
        return process;
    }

    public static void Run()
    {
        var builder = WebApplication.CreateSlimBuilder();
        var now = TimeProvider.System.GetUtcNow();
        using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        using var made = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=target.test", key, System.Security.Cryptography.HashAlgorithmName.SHA256).CreateSelfSigned(now.AddDays(-1), now.AddDays(90));
        var certificate = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12(made.Export(System.Security.Cryptography.X509Certificates.X509ContentType.Pfx), null);
        builder.WebHost.UseKestrel(k =>
        {
            k.Listen(System.Net.IPAddress.Loopback, 0);
            k.Listen(System.Net.IPAddress.Loopback, 0, listen => listen.UseHttps(certificate));
        });
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapGet("/ok", () => Results.Text("ok"));
        app.StartAsync().GetAwaiter().GetResult();
        Console.WriteLine(app.Urls.First(static u => u.StartsWith("http://", StringComparison.Ordinal)));
        Console.WriteLine(app.Urls.First(static u => u.StartsWith("https://", StringComparison.Ordinal)));
        Console.Out.Flush();
        app.WaitForShutdownAsync().GetAwaiter().GetResult();
    }
}
