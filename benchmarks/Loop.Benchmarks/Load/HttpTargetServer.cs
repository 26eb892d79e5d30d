using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Loop.Benchmarks.Load;

/// <summary>The probe target, run as its own process so its CPU is not counted as the engine's: GET /ok answers 200 "ok".</summary>
public static class HttpTargetServer
{
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
