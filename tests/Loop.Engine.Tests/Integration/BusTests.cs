using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Loop.Engine.Tests.Support;

namespace Loop.Engine.Tests.Integration;

/// <summary>The command bus of the real executable: the commands file, standard input, POST /bus, loop send.</summary>
public sealed class BusTests
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    [Fact]
    public async Task CommandsFile_MixedLines_OneAckEachInOrder_LoopKeepsTicking_StopExitsZero()
    {
        await using var run = await BusRun.StartAsync();
        var ticksBefore = run.Ticks;

        run.Append(
            "{\"id\":\"p1\",\"cmd\":\"pause\"}\n" +                            // 1 ok
            "{\"id\":\"p1\",\"cmd\":\"pause\"}\n" +                            // 2 duplicate
            "not json at all\n" +                                               // 3
            "[\"pause\"]\n" +                                                   // 4
            "{\"cmd\":\"explode\"}\n" +                                         // 5
            "{\"cmd\":\"set_tick\",\"args\":{\"tick_ms\":\"fast\"}}\n" +        // 6
            "{\"cmd\":\"restart_adapter\",\"args\":{\"name\":\"zz\"}}\n" +      // 7
            "\n" +                                                              // 8: blank, no ack
            "{\"cmd\":\"status\",\"args\":{\"pad\":\"" + new string('x', 70 * 1024) + "\"}}\n"); // 9: too large
        run.Append([0x7b, 0xff, 0xfe, 0x7d, (byte)'\n']);                       // 10: invalid UTF-8
        run.Append("{\"id\":\"r1\",\"cmd\":\"res");                            // 11, written in two parts
        await run.WaitForAcksAsync(9);
        await Task.Delay(500);
        Assert.Equal(9, run.Acks().Count); // the half line waits for its end
        run.Append("ume\"}\n{\"cmd\":\"status\"}\n");                           // 11 completed, 12

        await run.WaitForAcksAsync(11);
        var acks = run.Acks();
        Assert.Equal(
            ["ok", "ok", "parse_error", "not_an_object", "unknown_cmd", "invalid_args", "unknown_adapter", "too_large", "invalid_utf8", "ok", "ok"],
            acks.Select(BusRun.Code));
        Assert.Equal([1L, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12], acks.Select(BusRun.Line));
        Assert.True(acks[1].GetProperty("duplicate").GetBoolean());
        Assert.Equal(("r1", "resume"), (acks[9].GetProperty("id").GetString(), acks[9].GetProperty("cmd").GetString()));
        Assert.All(acks, a => Assert.Equal("file", a.GetProperty("source").GetString()));
        Assert.Equal("ticking", acks[10].GetProperty("result").GetProperty("loop").GetProperty("state").GetString());

        // The loop ticked all along (paused ticks too: they skip every adapter).
        var ticksAfter = run.Ticks;
        Assert.True(ticksAfter >= ticksBefore + 3, $"ticks {ticksBefore} -> {ticksAfter}");
        await run.WaitForTicksAsync(ticksAfter + 2);

        run.Append("{\"id\":\"s1\",\"cmd\":\"stop\"}\n");
        Assert.Equal(0, await run.Process.WaitForExitAsync(TimeSpan.FromSeconds(20)));
        var events = run.Events();
        var stopAck = events.FindIndex(e => e.TryGetProperty("id", out var id) && id.GetString() == "s1");
        var stopped = events.FindIndex(e => e.GetProperty("type").GetString() == "lifecycle" && e.GetProperty("event").GetString() == "stopped");
        Assert.True(stopAck >= 0 && stopped > stopAck, "the stop ack is written, then the engine stops");
    }

    [Fact]
    public async Task Stdin_Lines_AckedInOrderFromStdin()
    {
        await using var run = await BusRun.StartAsync(stdin: true);

        await run.Process.StandardInput.WriteAsync("{\"cmd\":\"pause\"}\n{oops\n{\"cmd\":\"resume\"}\n");
        await run.Process.StandardInput.FlushAsync();

        await run.WaitForAcksAsync(3);
        var acks = run.Acks();
        Assert.Equal(["ok", "parse_error", "ok"], acks.Select(BusRun.Code));
        Assert.Equal([1L, 2, 3], acks.Select(BusRun.Line));
        Assert.All(acks, a => Assert.Equal("stdin", a.GetProperty("source").GetString()));
    }

    [Fact]
    public async Task HttpBus_OneAckPerCommandInOrder_NdJson_CountedInMetrics()
    {
        await using var run = await BusRun.StartAsync();

        using var response = await Http.PostAsync(run.Endpoint + "/bus", BusContent.Of("{\"id\":\"h1\",\"cmd\":\"disable_adapter\",\"args\":{\"name\":\"b\"}}\n\n{\"cmd\":\"nope\"}\n{\"cmd\":\"status\"}"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.Contains("\"id\":\"h1\",\"cmd\":\"disable_adapter\",\"ok\":true", lines[0], StringComparison.Ordinal);
        Assert.Contains("\"code\":\"unknown_cmd\"", lines[1], StringComparison.Ordinal);
        Assert.Contains("{\"name\":\"b\",\"state\":\"disabled\"", lines[2], StringComparison.Ordinal);
        Assert.Contains("\"line\":4", lines[2], StringComparison.Ordinal);

        var metrics = await Http.GetStringAsync(run.Endpoint + "/metrics");
        Assert.Contains("resonance_bus_commands_total{cmd=\"disable_adapter\",result=\"ok\"} 1\n", metrics, StringComparison.Ordinal);
        Assert.Contains("resonance_bus_commands_total{cmd=\"unknown\",result=\"unknown_cmd\"} 1\n", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AsTheReadmeSays_StatusNeverDeduplicated_LogFieldsSnakeCase_HeadMetrics_BusLifecycle()
    {
        // Issue 12, item 19: what the README promised and the engine did otherwise.
        await using var run = await BusRun.StartAsync();

        using var response = await Http.PostAsync(run.Endpoint + "/bus", BusContent.Of("{\"id\":\"s\",\"cmd\":\"status\"}\n{\"id\":\"s\",\"cmd\":\"status\"}\n{\"id\":\"p\",\"cmd\":\"pause\"}\n{\"id\":\"p\",\"cmd\":\"pause\"}\n"));
        var acks = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(static a => JsonDocument.Parse(a).RootElement).ToList();
        using var head = await Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, run.Endpoint + "/metrics"));
        run.Append("{\"id\":\"f\",\"cmd\":\"resume\"}\n");
        await run.WaitForAcksAsync(5);
        run.Append("{\"id\":\"s1\",\"cmd\":\"stop\"}\n");
        Assert.Equal(0, await run.Process.WaitForExitAsync(TimeSpan.FromSeconds(20)));

        Assert.Equal([false, false, false, true], acks.Select(static a => a.TryGetProperty("duplicate", out var d) && d.GetBoolean()));
        Assert.Equal("ticking", acks[1].GetProperty("result").GetProperty("loop").GetProperty("state").GetString());
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal("text/plain", head.Content.Headers.ContentType?.MediaType);

        var log = File.ReadAllLines(Path.Combine(run.Path, "logs", "engine.log"));
        var applied = Assert.Single(log, static l => l.Contains("\"command_id\":\"f\"", StringComparison.Ordinal));
        Assert.Contains("\"source\":\"file\"", applied, StringComparison.Ordinal);
        Assert.Contains(log, static l => l.Contains("\"command_id\":\"p\"", StringComparison.Ordinal) && l.Contains("\"duplicate\":true", StringComparison.Ordinal));
        Assert.DoesNotContain(log, static l => l.Contains("\"duplicate\":\"\"", StringComparison.Ordinal) || l.Contains("\"source\":\"File\"", StringComparison.Ordinal) || l.Contains("CommandId", StringComparison.Ordinal));
        var bus = Assert.Single(run.Events(), static e => e.GetProperty("type").GetString() == "lifecycle" && e.GetProperty("event").GetString() == "bus");
        Assert.EndsWith("commands.jsonl", bus.GetProperty("commands").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HttpBus_WithToken_RefusedWithoutTheBearerToken()
    {
        await using var run = await BusRun.StartAsync(token: "s3cret-token");

        using var none = await Http.PostAsync(run.Endpoint + "/bus", BusContent.Of("{\"cmd\":\"pause\"}\n"));
        using var wrong = new HttpRequestMessage(HttpMethod.Post, run.Endpoint + "/bus") { Content = BusContent.Of("{\"cmd\":\"pause\"}\n") };
        wrong.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "s3cret-tokeN");
        using var wrongResponse = await Http.SendAsync(wrong);
        using var right = new HttpRequestMessage(HttpMethod.Post, run.Endpoint + "/bus") { Content = BusContent.Of("{\"cmd\":\"status\"}\n") };
        right.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "s3cret-token");
        using var rightResponse = await Http.SendAsync(right);

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongResponse.StatusCode);
        Assert.Equal(HttpStatusCode.OK, rightResponse.StatusCode);
        Assert.DoesNotContain(run.Acks(), a => a.GetProperty("cmd").GetString() == "pause"); // refused requests reach no bus
    }

    [Fact]
    public async Task LoopSend_PrintsTheAck_ExitZeroOnlyWhenOk()
    {
        await using var run = await BusRun.StartAsync();

        var ok = await LoopProcess.RunAsync(run.Path, "send", "set_tick", "--arg", "tick_ms=250", "--id", "t1", "--to", run.Endpoint);
        var bad = await LoopProcess.RunAsync(run.Path, "send", "remove_adapter", "--json", "{\"name\":\"nope\"}", "--to", run.Endpoint);
        File.WriteAllText(Path.Combine(run.Path, "cmds.jsonl"), "{\"cmd\":\"pause\"}\n{\"cmd\":\"resume\"}\n");
        var file = await LoopProcess.RunAsync(run.Path, "send", "--file", "cmds.jsonl", "--to", run.Endpoint);

        Assert.Equal(0, ok.ExitCode);
        Assert.Contains("\"id\":\"t1\",\"cmd\":\"set_tick\",\"ok\":true", ok.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("\"code\":\"unknown_adapter\"", bad.Stdout, StringComparison.Ordinal);
        Assert.Equal((0, 2), (file.ExitCode, file.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length));
        var status = await LoopProcess.RunAsync(run.Path, "status", "--to", run.Endpoint);
        Assert.Contains("\"tick_ms\": 250", status.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoopSend_NoEngine_OneLineNonZero()
    {
        using var scratch = new ScratchDirectory();

        var (code, stdout, stderr) = await LoopProcess.RunAsync(scratch.Path, "send", "pause", "--to", $"http://127.0.0.1:{FreePort.Next()}");

        Assert.Equal(3, code);
        Assert.Equal(string.Empty, stdout);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("loop: no engine answers at http://127.0.0.1:", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fuzz_TenThousandRandomAndMutatedLines_OneAckEach_EngineStillTicking()
    {
        await using var run = await BusRun.StartAsync();
        var lines = BusFuzz.Lines(10_000, seed: 20261122);
        var expected = 0;
        foreach (var batch in lines.Chunk(500))
        {
            var body = new MemoryStream();
            foreach (var line in batch)
            {
                body.Write(line);
                body.WriteByte((byte)'\n');
            }

            using var content = new ByteArrayContent(body.ToArray());
            content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
            using var response = await Http.PostAsync(run.Endpoint + "/bus", content);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var acks = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var commands = batch.Count(static l => !BusFuzz.IsBlank(l));
            Assert.Equal(commands, acks.Length);
            expected += commands;
        }

        await run.WaitForAcksAsync(expected, TimeSpan.FromSeconds(60));
        Assert.Equal(expected, run.Acks().Count);

        // The fuzz may have paused the loop or set a long tick (both valid): put them back, then it must tick.
        using var reset = await Http.PostAsync(run.Endpoint + "/bus", BusContent.Of("{\"cmd\":\"set_tick\",\"args\":{\"tick_ms\":200}}\n{\"cmd\":\"resume\"}\n"));
        Assert.DoesNotContain("\"ok\":false", await reset.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var ticks = run.Ticks;
        await run.WaitForTicksAsync(ticks + 3);
        Assert.Equal(HttpStatusCode.OK, (await Http.GetAsync(run.Endpoint + "/healthz")).StatusCode);
        Assert.Equal(string.Empty, run.Process.Stderr);
    }
}
