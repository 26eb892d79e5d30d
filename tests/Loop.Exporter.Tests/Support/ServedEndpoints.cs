using Loop.Exporter.Endpoint;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace Loop.Exporter.Tests.Support;

/// <summary>The engine's routes on a Kestrel of their own (a free loopback port), as the engine's host serves them.</summary>
internal sealed record ServedEndpoints(WebApplication App, Uri Address) : IAsyncDisposable
{
    public static async Task<ServedEndpoints> StartAsync(EndpointOptions options, CollectorRegistry? registry = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapLoopEndpoints(options, registry ?? Metrics.NewCustomRegistry());
        await app.StartAsync();
        return new ServedEndpoints(app, new Uri(app.Urls.First() + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
