using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Loop.Exporter.Web;

/// <summary>
/// The live web view: one page (<c>GET /</c>), its script and its style, embedded in the executable.
/// Served with a Content-Security-Policy that allows only this origin's script, style and connections
/// (no inline script, no framing), so an injected string cannot run and the page cannot be framed.
/// </summary>
internal static class WebPage
{
    /// <summary>What every file of the page is served with.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    private static readonly (string Route, string Resource, string ContentType)[] Files =
    [
        ("/", "web/index.html", "text/html; charset=utf-8"),
        ("/app.js", "web/app.js", "text/javascript; charset=utf-8"),
        ("/app.css", "web/app.css", "text/css; charset=utf-8"),
    ];

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        // Browsers ask for it on their own; no icon, and no 404 in the console.
        endpoints.MapGet("/favicon.ico", static context =>
        {
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return Task.CompletedTask;
        });

        foreach (var (route, resource, contentType) in Files)
        {
            var bytes = Read(resource);
            endpoints.MapGet(route, async context =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
                headers.CacheControl = "no-cache";
                context.Response.ContentType = contentType;
                await context.Response.Body.WriteAsync(bytes, context.RequestAborted).ConfigureAwait(false);
            });
        }
    }

    private static byte[] Read(string resource)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"the web page's {resource} is not in the build");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
