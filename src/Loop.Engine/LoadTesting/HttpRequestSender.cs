using Loop.Load.Http;
using Loop.Load.Scenarios;

namespace Loop.Engine.LoadTesting;

/// <summary>
/// Sends one request template under load: through the load driver's own HTTP/1.1 client for http:// (less CPU
/// per request, so more of the machine is left to the target), through HttpClient for https://.
/// </summary>
internal sealed class HttpRequestSender : IDisposable
{
    private readonly HttpRequestTemplate _template;
    private readonly TimeSpan _timeout;
    private readonly Http1Client? _raw;
    private readonly HttpClient? _client;

    public HttpRequestSender(HttpRequestTemplate template, int connections, TimeSpan timeout)
    {
        _template = template;
        _timeout = timeout;
        // HEAD answers carry a length but no body: HttpClient knows, the load client reads framing only
        if (Http1Client.Supports(template.Url) && template.Method != HttpMethod.Head)
        {
            _raw = new Http1Client(template.Url, template.Method, template.Headers, template.Body, template.ContentType, connections);
        }
        else
        {
            _client = HttpScenario.Client(connections);
        }
    }

    public Task<Response> SendAsync(CancellationToken cancellationToken) =>
        _raw is not null ? _raw.SendAsync(_timeout, cancellationToken) : HttpScenario.SendAsync(_client!, _template.Create(), _timeout, cancellationToken);

    public void Dispose()
    {
        _raw?.Dispose();
        _client?.Dispose();
    }
}
