using System.Net;
using System.Net.Http.Headers;
using Loop.Exporter.Endpoint;
using Loop.Exporter.Tests.Support;
using Prometheus;

namespace Loop.Exporter.Tests.Endpoint;

/// <summary>GET /metrics on the real endpoint: prometheus-net serving the registry it is given, in the format the client asks for.</summary>
public sealed class MetricsEndpointTests
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    [Fact]
    public async Task Get_NoAccept_TextFormat004FromTheGivenRegistryOnly()
    {
        var registry = Metrics.NewCustomRegistry();
        Metrics.WithCustomRegistry(registry).CreateCounter("endpoint_test_total", "A counter.", "kind").WithLabels("a").Inc(3);
        await using var endpoint = await ServedEndpoints.StartAsync(new EndpointOptions(), registry);

        using var response = await Http.GetAsync(endpoint.Address + "metrics");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("# TYPE endpoint_test_total counter\nendpoint_test_total{kind=\"a\"} 3\n", body, StringComparison.Ordinal);
        Assert.DoesNotContain("process_", body, StringComparison.Ordinal); // not the static default registry
    }

    [Fact]
    public async Task Get_AcceptOpenMetrics_OpenMetricsWithExemplarAndEof()
    {
        var registry = Metrics.NewCustomRegistry();
        var histogram = Metrics.WithCustomRegistry(registry).CreateHistogram("endpoint_test_seconds", "A histogram.", new HistogramConfiguration { Buckets = [0.1, 1] });
        histogram.Observe(0.05, Exemplar.From(Exemplar.Pair("tick", "42")));
        await using var endpoint = await ServedEndpoints.StartAsync(new EndpointOptions(), registry);
        using var request = new HttpRequestMessage(HttpMethod.Get, endpoint.Address + "metrics");
        request.Headers.Accept.Add(MediaTypeWithQualityHeaderValue.Parse("application/openmetrics-text; version=1.0.0"));

        using var response = await Http.SendAsync(request);

        Assert.StartsWith("application/openmetrics-text", response.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Matches("endpoint_test_seconds_bucket\\{le=\"0.1\"\\} 1 # \\{tick=\"42\"\\} 0.05", body);
        Assert.EndsWith("# EOF\n", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Head_HeadersOnly_PostIsNotAllowed()
    {
        await using var endpoint = await ServedEndpoints.StartAsync(new EndpointOptions());

        using var head = await Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, endpoint.Address + "metrics"));
        using var post = await Http.PostAsync(endpoint.Address + "metrics", new StringContent(string.Empty));

        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", head.Content.Headers.ContentType!.ToString());
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
    }
}
