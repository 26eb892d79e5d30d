using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Loop.Exporter.Endpoint;

/// <summary>
/// Keeps browsers from driving the bus by accident (DESIGN.md: Security). A page on another origin can
/// POST to 127.0.0.1 with <c>mode: no-cors</c> and a <c>text/plain</c> body without any preflight, and a
/// DNS-rebinding page can reach it under a name of its own: so a foreign <c>Origin</c> is refused, a
/// <c>Host</c> that is not the bound address or <c>localhost</c> is refused, and a body must be declared
/// <c>application/json</c> or <c>application/x-ndjson</c> (a type no form or no-cors fetch can send).
/// </summary>
internal static class BrowserGuard
{
    private static readonly string[] BodyTypes = ["application/json", "application/x-ndjson"];

    /// <summary>Why the request must be refused (status and message), or null when it may go on.</summary>
    public static (int Status, string Code, string Message)? Check(HttpRequest request, EndpointOptions options)
    {
        var boundPort = request.HttpContext.Connection.LocalPort;
        var host = request.Headers.Host.ToString();

        // With a token the caller proved who it is; a rebinding page cannot know the token.
        if (options.Token is null && !IsAllowedHost(host, options.Host, boundPort))
        {
            return (StatusCodes.Status403Forbidden, "forbidden_host", $"Host '{Shorten(host)}' is not this engine's address; send to http://{options.Host}:{boundPort} or http://localhost:{boundPort}");
        }

        var origin = request.Headers.Origin.ToString();
        if (origin.Length > 0 && !IsAllowedOrigin(origin, options.Host, boundPort))
        {
            return (StatusCodes.Status403Forbidden, "forbidden_origin", $"requests from the web page at '{Shorten(origin)}' may not drive the bus; only the engine's own page may");
        }

        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) ||
            !BodyTypes.Contains(type.MediaType.Value, StringComparer.OrdinalIgnoreCase))
        {
            return (StatusCodes.Status415UnsupportedMediaType, "unsupported_media_type", $"the bus takes Content-Type application/json or application/x-ndjson (got '{Shorten(request.ContentType ?? "none")}')");
        }

        return null;
    }

    private static bool IsAllowedHost(string host, string boundHost, int port)
    {
        if (host.Length == 0)
        {
            return false;
        }

        // Host is "name" or "name:port"; an IPv6 literal comes bracketed.
        var name = host;
        var colon = host.LastIndexOf(':');
        if (colon > 0 && host.IndexOf(']', StringComparison.Ordinal) < colon)
        {
            if (!int.TryParse(host.AsSpan(colon + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var given) || given != port)
            {
                return false;
            }

            name = host[..colon];
        }

        return IsOwnName(name.Trim('[', ']'), boundHost);
    }

    private static bool IsAllowedOrigin(string origin, string boundHost, int port)
    {
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp)
        {
            return false;
        }

        return uri.Port == port && IsOwnName(uri.IdnHost.Trim('[', ']'), boundHost);
    }

    /// <summary>The bound address itself, localhost, or (when bound to loopback) any loopback literal.</summary>
    private static bool IsOwnName(string name, string boundHost)
    {
        if (string.Equals(name, boundHost, StringComparison.OrdinalIgnoreCase) || string.Equals(name, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return IPAddress.TryParse(name, out var address) && IPAddress.TryParse(boundHost, out var bound) &&
            (address.Equals(bound) || (IPAddress.IsLoopback(address) && IPAddress.IsLoopback(bound)));
    }

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "...";
}
