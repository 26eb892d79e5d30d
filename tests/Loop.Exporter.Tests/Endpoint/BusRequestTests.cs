using System.Net;
using System.Text;
using System.Text.Json;
using Loop.Exporter.Endpoint;
using Loop.Exporter.Tests.Support;

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
        await using var endpoint = await StartAsync(ready: false, () => Interlocked.Increment(ref reached));

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
        await using var endpoint = await StartAsync(ready: true, () => Interlocked.Increment(ref reached));

        using var response = await Http.PostAsync(endpoint.Address + "bus", new StringContent("{\"cmd\":\"pause\"}\n", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, reached);
    }

    private static Task<ServedEndpoints> StartAsync(bool ready, Action onBus) => ServedEndpoints.StartAsync(new EndpointOptions
    {
        Port = 0,
        BusReady = () => ready,
        Bus = async (_, writeAck, _) =>
        {
            onBus();
            await writeAck(Encoding.UTF8.GetBytes("{\"ok\":true}"));
        },
    });
}
