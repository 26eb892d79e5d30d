using System.Net;
using System.Text;
using System.Text.Json;
using Loop.Exporter.Collection;
using Loop.Exporter.Endpoint;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Loop.Exporter.Tests.Endpoint;

/// <summary>POST /bus on the real endpoint (Kestrel on a free loopback port) while the bus is not ready yet, and its guards.</summary>
public sealed class BusRequestTests
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    [Fact]
    public async Task BusNotReady_503WithRetryAfterAndOneLineOfJson_NothingReachesTheBus()
    {
        // Issue 12, item 3: a starting engine answered 200 with an empty body and the command was lost.
        var reached = 0;
        using var collector = NewCollector();
        await using var endpoint = await StartAsync(collector, ready: false, () => Interlocked.Increment(ref reached));

        using var response = await Http.PostAsync(endpoint.Address + "bus", new StringContent("{\"cmd\":\"pause\"}\n", Encoding.UTF8, "application/x-ndjson"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter?.Delta);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(1, body.Count(static c => c == '\n'));
        using var document = JsonDocument.Parse(body);
        Assert.Equal("starting", document.RootElement.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(0, reached);
    }

    [Fact]
    public async Task BusReady_CommandsReachTheBus()
    {
        var reached = 0;
        using var collector = NewCollector();
        await using var endpoint = await StartAsync(collector, ready: true, () => Interlocked.Increment(ref reached));

        using var response = await Http.PostAsync(endpoint.Address + "bus", new StringContent("{\"cmd\":\"pause\"}\n", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, reached);
    }

    private static MeterCollector NewCollector() => new("Loop.Exporter.Tests.BusRequest." + Guid.NewGuid().ToString("N"));

    private static async Task<Served> StartAsync(MeterCollector collector, bool ready, Action onBus)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapLoopEndpoints(
            new EndpointOptions
            {
                Port = 0,
                BusReady = () => ready,
                Bus = (_, _) =>
                {
                    onBus();
                    return Task.FromResult<IReadOnlyList<byte[]>>([Encoding.UTF8.GetBytes("{\"ok\":true}")]);
                },
            },
            collector);
        await app.StartAsync();
        return new Served(app, new Uri(app.Urls.First() + "/"));
    }

    /// <summary>The routes on a Kestrel of their own, as the engine's host serves them.</summary>
    private sealed record Served(WebApplication App, Uri Address) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }
    }
}
