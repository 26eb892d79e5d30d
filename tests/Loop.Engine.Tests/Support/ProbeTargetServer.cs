using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Loop.Engine.Tests.Support;

/// <summary>A real Kestrel server on a free loopback port: /ok 200, /missing 404, /unavailable 503, /hang never answers, /counted 200 and counted.</summary>
internal sealed class ProbeTargetServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private long _counted;

    private ProbeTargetServer(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    /// <summary>Gets how many requests /counted has answered (whoever sent them).</summary>
    public long Counted => Interlocked.Read(ref _counted);

    public static async Task<ProbeTargetServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        ProbeTargetServer? server = null;
        app.MapGet("/ok", () => Results.Text("ok"));
        app.MapGet("/counted", () =>
        {
            Interlocked.Increment(ref server!._counted);
            return Results.Text("ok");
        });
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
        server = new ProbeTargetServer(app, app.Urls.First());
        await server.WarmUpAsync();
        return server;
    }

    /// <summary>
    /// Calls each route once: the first request of a route compiles its endpoint, which can take
    /// longer than a tick's deadline. The engine under test should meet a warm server, as in production.
    /// </summary>
    private async Task WarmUpAsync()
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        foreach (var route in new[] { "/ok", "/missing", "/unavailable" })
        {
            using var response = await client.GetAsync(BaseUrl + route);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
