using Loop.Engine.Cli;

namespace Loop.Engine.LoadTesting;

/// <summary>
/// The target of <c>loop load http</c>: its URL checked, and one request sent before the load so a wrong
/// address or a service that is down is one line and exit 2, not a report full of failures.
/// </summary>
internal static class HttpTarget
{
    private static readonly TimeSpan PreflightTimeout = TimeSpan.FromSeconds(5);

    public static Uri Parse(string? text, string option)
    {
        if (text is null)
        {
            throw new LoopCliException($"{option} is missing: say what to load, e.g. {option} http://127.0.0.1:8080/health");
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps) || url.Host.Length == 0)
        {
            throw new LoopCliException($"{option} must be an http:// or https:// address like http://127.0.0.1:8080/health (got '{text}')");
        }

        return url;
    }

    /// <summary>Sends one request; any HTTP answer (even a 500) means the target is there.</summary>
    public static async Task PreflightAsync(HttpRequestTemplate request, CancellationToken cancellationToken)
    {
        var url = request.Url;
        using var sender = new HttpRequestSender(request, 1, PreflightTimeout);
        var response = await sender.SendAsync(cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == "timeout")
        {
            throw new LoopCliException($"{url} did not answer within {PreflightTimeout.TotalSeconds:0} s; check that the service is up (nothing was loaded)");
        }

        if (!int.TryParse(response.StatusCode, out _) && response.StatusCode != "cancelled")
        {
            throw new LoopCliException($"cannot reach {url}: {response.StatusCode.Replace('_', ' ')} ({response.Message}); check the address and that the service is up (nothing was loaded)");
        }
    }
}
