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

    public static void Run()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapGet("/ok", () => Results.Text("ok"));
        app.StartAsync().GetAwaiter().GetResult();
        Console.WriteLine(app.Urls.First());
        Console.Out.Flush();
        app.WaitForShutdownAsync().GetAwaiter().GetResult();
    }
}
