using System.Globalization;
using System.Text;
using System.Text.Json;
using Loop.Load.Http;
using Loop.Load.Scenarios;
using Loop.Load.Simulations;

namespace Loop.Engine.LoadTesting;

/// <summary>
/// The scenarios <c>loop load engine</c> drives: <c>bus</c> (one command per POST /bus, acked), <c>scrape</c>
/// (GET /metrics), <c>status</c> (GET /status), and <c>mixed</c> (all three at once: 90 % of the load on the
/// bus, 5 % each on /status and /metrics).
/// </summary>
internal static class EngineScenarios
{
    public static readonly IReadOnlyList<string> Names = ["bus", "scrape", "status", "mixed"];

    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The scenarios for <paramref name="name"/>, each with its share of <paramref name="load"/>.</summary>
    public static IReadOnlyList<Scenario> Create(string name, HttpClient client, Uri engine, IReadOnlyList<string> adapters, LoadSimulation load)
    {
        var run = Convert.ToHexString(BitConverter.GetBytes(Random.Shared.Next())).ToLowerInvariant();
        return name switch
        {
            "bus" => [Bus(client, engine, adapters, run).WithLoadSimulations(load)],
            "scrape" => [Get("scrape", client, new Uri(engine, "/metrics")).WithLoadSimulations(load)],
            "status" => [Get("status", client, new Uri(engine, "/status")).WithLoadSimulations(load)],
            _ =>
            [
                Bus(client, engine, adapters, run).WithLoadSimulations(Share(load, 0.90)),
                Get("status", client, new Uri(engine, "/status")).WithLoadSimulations(Share(load, 0.05)),
                Get("scrape", client, new Uri(engine, "/metrics")).WithLoadSimulations(Share(load, 0.05)),
            ],
        };
    }

    /// <summary>
    /// One command per POST: <c>enable_adapter</c> on a running adapter (a round trip through the bus, the loop and
    /// the journal; it changes nothing), or <c>status</c> when the engine has no adapters. Each has an id of its own,
    /// so none is a duplicate. Ok is an ok ack; a refusal counts under its error code, an HTTP error under its status.
    /// </summary>
    private static Scenario Bus(HttpClient client, Uri engine, IReadOnlyList<string> adapters, string run)
    {
        var bus = new Uri(engine, "/bus");
        return Scenario.Create("bus", async ctx =>
        {
            var line = new StringBuilder(96).Append("{\"id\":\"load-").Append(run).Append('-').Append(ctx.InvocationNumber.ToString(CultureInfo.InvariantCulture)).Append('"');
            if (adapters.Count == 0)
            {
                line.Append(",\"cmd\":\"status\"}\n");
            }
            else
            {
                line.Append(",\"cmd\":\"enable_adapter\",\"args\":{\"name\":");
                line.Append(JsonSerializer.Serialize(adapters[(int)(ctx.InvocationNumber % adapters.Count)])).Append("}}\n");
            }

            var request = new HttpRequestMessage(HttpMethod.Post, bus) { Content = new StringContent(line.ToString(), Encoding.UTF8, "application/x-ndjson") };
            var (response, body) = await Exchange(client, request, ctx.CancellationToken).ConfigureAwait(false);
            return response.StatusCode == "200" ? Ack(body, response.SizeBytes) : response;
        });
    }

    private static Scenario Get(string name, HttpClient client, Uri url) =>
        Scenario.Create(name, ctx => HttpScenario.SendAsync(client, new HttpRequestMessage(HttpMethod.Get, url), CallTimeout, ctx.CancellationToken));

    private static async Task<(Response Response, string Body)> Exchange(HttpClient client, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(CallTimeout);
        try
        {
            using (request)
            using (var response = await client.SendAsync(request, deadline.Token).ConfigureAwait(false))
            {
                var body = await response.Content.ReadAsStringAsync(deadline.Token).ConfigureAwait(false);
                var status = ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
                return (response.IsSuccessStatusCode ? Response.Ok(status, body.Length) : Response.Fail(status, body.Trim(), body.Length), body);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (Response.Fail("timeout", $"no ack within {CallTimeout.TotalSeconds:0} s"), string.Empty);
        }
        catch (HttpRequestException ex)
        {
            return (Response.Fail(HttpScenario.ReasonOf(ex), ex.Message), string.Empty);
        }
    }

    private static Response Ack(string body, long size)
    {
        try
        {
            using var ack = JsonDocument.Parse(body);
            if (ack.RootElement.TryGetProperty("ok", out var ok) && ok.ValueKind == JsonValueKind.True)
            {
                return Response.Ok("ok", size);
            }

            var code = ack.RootElement.TryGetProperty("error", out var error) && error.TryGetProperty("code", out var c) ? c.GetString() ?? "error" : "error";
            return Response.Fail(code, body.Trim(), size);
        }
        catch (JsonException)
        {
            return Response.Fail("bad_ack", "the ack is not JSON: " + body.Trim(), size);
        }
    }

    private static LoadSimulation Share(LoadSimulation load, double share) => load.Resized(Math.Max(1, (int)Math.Round(load.Amount * share)), load.During);
}
