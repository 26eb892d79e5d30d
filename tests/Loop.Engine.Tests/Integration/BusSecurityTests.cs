using System.Net;
using System.Text;
using System.Text.Json;
using Loop.Engine.Tests.Support;

namespace Loop.Engine.Tests.Integration;

/// <summary>
/// Who may drive the real engine's bus (issue 12, items 1-3): a browser page on another origin, a
/// DNS-rebinding name, a text/plain body, a command adapter nobody allowed, one adapter too many, and a
/// client that arrives before the bus is ready.
/// </summary>
public sealed class BusSecurityTests
{
    private const string Pwn = "{\"cmd\":\"add_adapter\",\"args\":{\"name\":\"x\",\"kind\":\"command\",\"command\":\"touch\",\"args\":[\"pwned\"]}}\n";
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    [Fact]
    public async Task ForeignOrigin_ForeignHost_TextPlain_Refused_NothingApplied()
    {
        await using var run = await BusRun.StartAsync();
        var port = new Uri(run.Endpoint).Port;

        // What a page's fetch(..., {mode: 'no-cors'}) sends: text/plain and its own Origin.
        using var fromPage = Post(run.Endpoint, "{\"cmd\":\"pause\"}\n", "text/plain");
        fromPage.Headers.Add("Origin", "http://evil.example.com");
        using var pageResponse = await Http.SendAsync(fromPage);

        // DNS rebinding: the right address under the attacker's name.
        using var rebound = Post(run.Endpoint, "{\"cmd\":\"pause\"}\n", "application/json");
        rebound.Headers.Host = "evil.example.com:" + port;
        using var reboundResponse = await Http.SendAsync(rebound);

        using var foreignOriginJson = Post(run.Endpoint, "{\"cmd\":\"pause\"}\n", "application/json");
        foreignOriginJson.Headers.Add("Origin", "http://127.0.0.1:" + (port == 1 ? 2 : port - 1));
        using var foreignOriginResponse = await Http.SendAsync(foreignOriginJson);

        using var plain = Post(run.Endpoint, "{\"cmd\":\"pause\"}\n", "text/plain");
        using var plainResponse = await Http.SendAsync(plain);

        Assert.Equal(HttpStatusCode.Forbidden, pageResponse.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, reboundResponse.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, foreignOriginResponse.StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, plainResponse.StatusCode);
        foreach (var (response, code) in new[] { (pageResponse, "forbidden_origin"), (reboundResponse, "forbidden_host"), (plainResponse, "unsupported_media_type") })
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.Equal(1, body.Count(static c => c == '\n'));
            using var document = JsonDocument.Parse(body);
            Assert.Equal(code, document.RootElement.GetProperty("error").GetProperty("code").GetString());
        }

        // The engine's own origin and localhost are served.
        using var own = Post(run.Endpoint, "{\"id\":\"own\",\"cmd\":\"status\"}\n", "application/json; charset=utf-8");
        own.Headers.Add("Origin", run.Endpoint);
        own.Headers.Host = "localhost:" + port;
        using var ownResponse = await Http.SendAsync(own);
        Assert.Equal(HttpStatusCode.OK, ownResponse.StatusCode);

        await run.WaitForAcksAsync(1);
        await Task.Delay(500);
        Assert.Equal(["status"], run.Acks().Select(static a => a.GetProperty("cmd").GetString()));
    }

    [Fact]
    public async Task CommandAdapter_OverTheBus_ForbiddenByDefault_FromEverySource_NoProgramRuns()
    {
        await using var run = await BusRun.StartAsync();

        using var response = await Http.PostAsync(run.Endpoint + "/bus", BusContent.Of(Pwn));
        run.Append(Pwn);
        await run.WaitForAcksAsync(2);
        await Task.Delay(1000); // a few ticks: an added adapter would have run by now

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.All(run.Acks(), a => Assert.Equal("forbidden", BusRun.Code(a)));
        Assert.Contains("bus.allow_command_adapters", run.Acks()[0].GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(run.Path, "pwned")), "a refused command adapter ran");
    }

    [Fact]
    public async Task CommandAdapter_Allowed_OnlyForListedPrograms()
    {
        await using var run = await BusRun.StartAsync(sections: "bus: { allow_command_adapters: true, command_allowlist: [touch] }");

        var refused = "{\"cmd\":\"add_adapter\",\"args\":{\"name\":\"y\",\"kind\":\"command\",\"command\":\"rm\",\"args\":[\"-f\",\"bus.yaml\"]}}\n";
        using var response = await Http.PostAsync(run.Endpoint + "/bus", BusContent.Of(refused + Pwn));
        var acks = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(2, acks.Length);
        Assert.Contains("\"code\":\"forbidden\"", acks[0], StringComparison.Ordinal);
        Assert.Contains("command_allowlist", acks[0], StringComparison.Ordinal);
        Assert.Contains("\"ok\":true", acks[1], StringComparison.Ordinal);
        await Eventually.AssertAsync(() => Assert.True(File.Exists(Path.Combine(run.Path, "pwned")), "the allowed command adapter never ran"), TimeSpan.FromSeconds(10));
        Assert.True(File.Exists(run.SpecPath), "a program outside the allowlist ran");
    }

    [Fact]
    public async Task MaxAdapters_AddBeyondTheLimit_LimitExceeded()
    {
        await using var run = await BusRun.StartAsync(sections: "limits: { max_adapters: 3 }");

        var add = (string name) => "{\"cmd\":\"add_adapter\",\"args\":{\"name\":\"" + name + "\",\"kind\":\"synthetic\"}}\n";
        using var response = await Http.PostAsync(run.Endpoint + "/bus", BusContent.Of(add("c") + add("d") + "{\"cmd\":\"remove_adapter\",\"args\":{\"name\":\"a\"}}\n" + add("e")));
        var acks = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(4, acks.Length);
        Assert.Contains("\"ok\":true", acks[0], StringComparison.Ordinal);
        Assert.Contains("\"code\":\"limit_exceeded\"", acks[1], StringComparison.Ordinal);
        Assert.Contains("max_adapters", acks[1], StringComparison.Ordinal);
        Assert.Contains("\"ok\":true", acks[2], StringComparison.Ordinal);
        Assert.Contains("\"ok\":true", acks[3], StringComparison.Ordinal); // room again after the removal
    }

    [Fact]
    public async Task SpecOverTheLimit_RefusedAtCheck()
    {
        using var scratch = new ScratchDirectory();
        var spec = Path.Combine(scratch.Path, "big.yaml");
        File.WriteAllText(spec, "limits: { max_adapters: 1 }\nadapters:\n  - { name: a, kind: synthetic }\n  - { name: b, kind: synthetic }\n");

        var (code, stdout, stderr) = await LoopProcess.RunAsync(scratch.Path, "spec", "check", spec);

        Assert.Equal(1, code);
        Assert.Contains("limits.max_adapters (1)", stdout + stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoopSend_EngineNotReady_Exit3_SaysRetry()
    {
        // An endpoint that answers as a starting engine does.
        using var listener = new HttpListener();
        var port = FreePort.Next();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var serve = Task.Run(async () =>
        {
            var context = await listener.GetContextAsync();
            context.Response.StatusCode = 503;
            context.Response.Headers["Retry-After"] = "1";
            var body = Encoding.UTF8.GetBytes("{\"error\":{\"code\":\"starting\",\"message\":\"the engine is starting\"}}\n");
            await context.Response.OutputStream.WriteAsync(body);
            context.Response.Close();
        });
        using var scratch = new ScratchDirectory();

        var (code, stdout, stderr) = await LoopProcess.RunAsync(scratch.Path, "send", "pause", "--to", $"http://127.0.0.1:{port}");
        await serve;

        Assert.Equal(3, code);
        Assert.Contains("not ready", stdout + stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stdout + stderr, StringComparison.Ordinal);
    }

    private static HttpRequestMessage Post(string endpoint, string body, string contentType)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, endpoint + "/bus") { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
        return request;
    }
}
