using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Prometheus;

namespace Loop.Exporter.Endpoint;

/// <summary>
/// The engine's HTTP routes, mapped onto the host's Kestrel: <c>GET /metrics</c> (prometheus-net's
/// middleware: text format 0.0.4, or OpenMetrics when <c>Accept</c> asks for it), <c>GET /healthz</c>
/// (200 while the loop ticks, 503 otherwise), <c>GET /status</c> (JSON) and <c>POST /bus</c> (JSONL
/// commands, acks back). A scrape renders on the request's thread from the registry: it never waits for the loop.
/// </summary>
public static class LoopEndpoints
{
    /// <summary>Maps the routes.</summary>
    /// <param name="endpoints">The host's route builder.</param>
    /// <param name="options">What to answer (and, for the bus's browser guard, the bound address).</param>
    /// <param name="registry">The metrics to serve.</param>
    /// <returns>The route builder.</returns>
    public static IEndpointRouteBuilder MapLoopEndpoints(this IEndpointRouteBuilder endpoints, EndpointOptions options, CollectorRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(registry);

        // prometheus-net maps every method; GET only here, so HEAD gets its own answer and the rest a 405.
        endpoints.MapMetrics(settings => settings.Registry = registry).WithMetadata(new HttpMethodMetadata([HttpMethods.Get]));

        // HEAD (a load balancer's or an uptime checker's probe): the headers only, without rendering the whole exposition for nothing.
        endpoints.MapMethods("/metrics", [HttpMethods.Head], static context =>
        {
            context.Response.ContentType = PrometheusConstants.TextContentTypeWithVersionAndEncoding;
            return Task.CompletedTask;
        });
        endpoints.MapGet("/healthz", async context =>
        {
            var healthy = options.Healthy();
            var degraded = options.Degraded();
            context.Response.StatusCode = healthy && degraded is null ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
            var body = !healthy ? "not ticking" : degraded is null ? "ok" : "degraded: " + degraded;
            await context.Response.WriteAsync(body + "\n", context.RequestAborted).ConfigureAwait(false);
        });
        endpoints.MapGet("/status", async context =>
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(await options.Status(context.RequestAborted).ConfigureAwait(false), context.RequestAborted).ConfigureAwait(false);
        });

        endpoints.MapPost("/bus", context => BusRequest.HandleAsync(context, options));
        endpoints.MapGet("/live", context => LiveRequest.HandleAsync(context, options));
        Web.WebPage.Map(endpoints);
        return endpoints;
    }
}
