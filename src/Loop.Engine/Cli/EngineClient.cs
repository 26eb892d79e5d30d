using System.Net.Http.Headers;
using System.Net.Sockets;
using Loop.Engine.Spec;

namespace Loop.Engine.Cli;

/// <summary>Talks to a running engine over its endpoint (loop send, loop status); an engine that is not there is one clear line.</summary>
internal sealed class EngineClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly Uri _address;
    private readonly string? _token;
    private readonly ExporterTls? _tls;

    private EngineClient(Uri address, string? token, ExporterTls? tls)
    {
        _address = address;
        _token = token;
        _tls = tls;
        _http = Authorized(new HttpClient(Handler(tls)) { Timeout = TimeSpan.FromSeconds(30) });
    }

    /// <summary>The engine's base address.</summary>
    public Uri Address => _address;

    /// <summary>
    /// A client for <c>loop load engine</c>: the same token and certificate trust as this one, at most
    /// <paramref name="connections"/> keep-alive connections, no client-wide timeout (each call has its own).
    /// </summary>
    public HttpClient LoadClient(int connections) => Authorized(Load.Http.HttpScenario.Client(connections, Handler(_tls)));

    private HttpClient Authorized(HttpClient http)
    {
        if (_token is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _token);
        }

        return http;
    }

    /// <summary>The engine at <paramref name="to"/>, or the spec's exporter address; the token from --token, LOOP_TOKEN or the spec.</summary>
    public static EngineClient For(string? to, string? token, LoopSpec spec)
    {
        var text = to ?? $"{spec.Exporter.Scheme}://{spec.Exporter.Host}:{spec.Exporter.Port}";
        if (!Uri.TryCreate(text, UriKind.Absolute, out var address) || (address.Scheme != Uri.UriSchemeHttp && address.Scheme != Uri.UriSchemeHttps))
        {
            throw new LoopCliException($"--to must be an http:// address like http://127.0.0.1:9108 (got '{text}')", ExitCode.UsageError);
        }

        return new EngineClient(address, token ?? Environment.GetEnvironmentVariable("LOOP_TOKEN") ?? spec.Exporter.Token, spec.Exporter.Tls);
    }

    /// <summary>
    /// With the spec's <c>exporter.tls</c>, the engine's own certificate is trusted (pinned: that one
    /// certificate, also when it is self-signed); any other must pass the system's checks.
    /// </summary>
    private static SocketsHttpHandler Handler(ExporterTls? tls)
    {
        var handler = new SocketsHttpHandler();
        if (tls is not null)
        {
            using var own = tls.Load();
            var pinned = own.GetCertHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                errors == System.Net.Security.SslPolicyErrors.None ||
                (certificate is not null && certificate.GetCertHash(System.Security.Cryptography.HashAlgorithmName.SHA256).AsSpan().SequenceEqual(pinned));
        }

        return handler;
    }

    public async Task<(int Status, string Body)> PostBusAsync(string lines, CancellationToken cancellationToken) =>
        await SendAsync(new HttpRequestMessage(HttpMethod.Post, new Uri(_address, "/bus")) { Content = new StringContent(lines, System.Text.Encoding.UTF8, "application/x-ndjson") }, cancellationToken).ConfigureAwait(false);

    public async Task<(int Status, string Body)> GetStatusAsync(CancellationToken cancellationToken) =>
        await SendAsync(new HttpRequestMessage(HttpMethod.Get, new Uri(_address, "/status")), cancellationToken).ConfigureAwait(false);

    public async Task<(int Status, string Body)> GetMetricsAsync(CancellationToken cancellationToken) =>
        await SendAsync(new HttpRequestMessage(HttpMethod.Get, new Uri(_address, "/metrics")), cancellationToken).ConfigureAwait(false);

    public void Dispose() => _http.Dispose();

    /// <summary>The message of a refusal (<c>{"error":{"code":..,"message":..}}</c>), or the body as it came.</summary>
    public static string Refusal(string body)
    {
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object &&
                document.RootElement.TryGetProperty("error", out var error) && error.ValueKind == System.Text.Json.JsonValueKind.Object &&
                error.TryGetProperty("message", out var message) && message.ValueKind == System.Text.Json.JsonValueKind.String)
            {
                return message.GetString()!;
            }
        }
        catch (System.Text.Json.JsonException)
        {
            // not JSON: say what came
        }

        return body.Trim();
    }

    private async Task<(int Status, string Body)> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
        {
            try
            {
                using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
                return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
            }
            catch (HttpRequestException ex)
            {
                var why = ex.InnerException is SocketException socket ? socket.Message : ex.Message;
                throw new LoopCliException($"no engine answers at {_address.ToString().TrimEnd('/')} ({why}); start one with 'loop run' or pass --to with its address", ExitCode.Unreachable);
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new LoopCliException($"the engine at {_address.ToString().TrimEnd('/')} did not answer within 30 s; is it stuck? see its engine.log", ExitCode.Unreachable);
            }
        }
    }
}
