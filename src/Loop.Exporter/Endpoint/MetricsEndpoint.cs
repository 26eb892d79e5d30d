using Loop.Exporter.Collection;
using Loop.Exporter.Exposition;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Loop.Exporter.Endpoint;

/// <summary>
/// The engine's HTTP endpoint (Kestrel): <c>GET /metrics</c> (text format 0.0.4), <c>GET /healthz</c>
/// (200 while the loop ticks, 503 otherwise), <c>GET /status</c> (JSON) and <c>POST /bus</c> (JSONL commands, acks back). A scrape renders on the
/// request's thread from the collector's aggregates: it never waits for the loop.
/// </summary>
public sealed class MetricsEndpoint : IAsyncDisposable
{
    private readonly WebApplication _app;

    private MetricsEndpoint(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>Gets the address the endpoint listens on (with the real port when 0 was asked).</summary>
    public Uri Address { get; }

    /// <summary>Starts the endpoint.</summary>
    /// <param name="options">Where to listen and what to answer.</param>
    /// <param name="collector">The metrics to serve.</param>
    /// <returns>The running endpoint.</returns>
    /// <exception cref="EndpointBindException">The address cannot be bound (port in use...).</exception>
    public static async Task<MetricsEndpoint> StartAsync(EndpointOptions options, MeterCollector collector)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(collector);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://{options.Host}:{options.Port}");
        var app = builder.Build();
        app.MapMethods("/metrics", [HttpMethods.Get, HttpMethods.Head], async context =>
        {
            // UTF-8 straight into the response pipe, flushed family by family: no string, no copy.
            // HEAD (a load balancer's or an uptime checker's probe) gets the headers only.
            context.Response.ContentType = ExpositionConstants.ContentType;
            if (HttpMethods.IsHead(context.Request.Method))
            {
                return;
            }

            await collector.WriteToAsync(context.Response.BodyWriter, context.RequestAborted).ConfigureAwait(false);
        });
        app.MapGet("/healthz", async context =>
        {
            var healthy = options.Healthy();
            var degraded = options.Degraded();
            context.Response.StatusCode = healthy && degraded is null ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
            var body = !healthy ? "not ticking" : degraded is null ? "ok" : "degraded: " + degraded;
            await context.Response.WriteAsync(body + "\n", context.RequestAborted).ConfigureAwait(false);
        });
        app.MapGet("/status", async context =>
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(await options.Status(context.RequestAborted).ConfigureAwait(false), context.RequestAborted).ConfigureAwait(false);
        });

        app.MapPost("/bus", context => BusRequest.HandleAsync(context, options));

        try
        {
            await app.StartAsync().ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw new EndpointBindException(
                $"cannot listen on {options.Host}:{options.Port} ({ex.InnerException?.Message ?? ex.Message}); stop what uses that port or pass --port with a free one.",
                ex);
        }

        return new MetricsEndpoint(app, new Uri(app.Urls.First()));
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
