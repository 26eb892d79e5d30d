using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Loop.Engine.Tests.Support;

/// <summary>A real Kestrel server on a free loopback port: /ok 200, /missing 404, /unavailable 503, /hang never answers.</summary>
internal sealed class ProbeTargetServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ProbeTargetServer(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }


    public static async Task<ProbeTargetServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapGet("/ok", () => Results.Text("ok"));
        app.MapGet("/missing", () => Results.NotFound());
        app.MapGet("/unavailable", () => Results.StatusCode(503));
        app.MapGet("/hang", async (HttpContext context) =>
        {
            try
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                // The probe gave up, as it should.
            }
        });
        await app.StartAsync();
        return new ProbeTargetServer(app, app.Urls.First());
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
