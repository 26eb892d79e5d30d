using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Loop.Engine.Tests.Support;

/// <summary>
/// A real Kestrel server on a free loopback port: /ok 200, /missing 404, /unavailable 503, /hang never answers,
/// /probe/{adapter}?node=... 200 and recorded (which node probed which adapter, when).
/// </summary>
internal sealed class ProbeTargetServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<ProbeRecord> _probes = [];

    private ProbeTargetServer(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }


    /// <summary>Gets the /probe requests so far, in the order they came.</summary>
    public IReadOnlyList<ProbeRecord> Probes => ProbesFrom(0);

    /// <summary>Gets how many /probe requests have come so far.</summary>
    public int ProbeCount
    {
        get
        {
            lock (_probes)
            {
                return _probes.Count;
            }
        }
    }

    /// <summary>
    /// The /probe requests from the <paramref name="start"/>-th on: a test that polls reads only what is new, so that
    /// copying a growing record does not starve this server (in the same process) of CPU while it is being measured.
    /// </summary>
    public List<ProbeRecord> ProbesFrom(int start)
    {
        lock (_probes)
        {
            return _probes.GetRange(start, _probes.Count - start);
        }
    }

    public static async Task<ProbeTargetServer> StartAsync()
    {
        // Hundreds of requests a tick from several engines: the test process's thread pool would otherwise grow a
        // thread per half second while requests wait, and the target, not the engines, would miss ticks.
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 64), Math.Max(io, 64));
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        ProbeTargetServer? server = null;
        app.MapGet("/ok", () => Results.Text("ok"));
        app.MapGet("/probe/{adapter}", (string adapter, string? node) =>
        {
            var record = new ProbeRecord(adapter, node ?? string.Empty, TimeProvider.System.GetUtcNow());
            lock (server!._probes)
            {
                server._probes.Add(record);
            }

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
