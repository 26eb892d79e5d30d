using System.Text.Json;
using Loop.Engine.Tests.Support;

namespace Loop.Engine.Tests.Support;

/// <summary>A running engine for bus tests: its folder, commands file, acks and ticks as the files show them.</summary>
internal sealed class BusRun : IAsyncDisposable
{
    private readonly ScratchDirectory _scratch = new();
    private bool _stdin;

    private BusRun(string spec)
    {
        SpecPath = System.IO.Path.Combine(_scratch.Path, "bus.yaml");
        File.WriteAllText(SpecPath, spec);
    }

    public string Path => _scratch.Path;

    public string SpecPath { get; }

    public LoopProcess Process { get; private set; } = null!;

    public string Endpoint { get; private set; } = string.Empty;

    public string Commands => System.IO.Path.Combine(Path, "controls", "commands.jsonl");

    /// <param name="token">exporter.token, when the test needs one.</param>
    /// <param name="stdin">Whether the bus reads standard input too.</param>
    /// <param name="storage">The spec's storage block (YAML flow mapping); the default SQLite journal under the run's folder when null.</param>
    /// <param name="adapters">More adapters for the spec, as YAML list items.</param>
    /// <param name="sections">More top-level sections for the spec (bus, limits...), as YAML lines.</param>
    public static async Task<BusRun> StartAsync(string? token = null, bool stdin = false, string? storage = null, string? adapters = null, string? sections = null)
    {
        var run = new BusRun($$"""
            loop: { name: bus, tick_ms: 200, ticks: 0, deadline_ms: 150 }
            {{sections ?? string.Empty}}
            exporter: { port: 0{{(token is null ? string.Empty : ", token: " + token)}} }
            {{(storage is null ? string.Empty : "storage: " + storage)}}
            adapters:
              - { name: a, kind: synthetic, latency_ms: { mean: 2, jitter: 1 } }
              - { name: b, kind: synthetic, latency_ms: { mean: 2, jitter: 1 } }
            {{adapters ?? string.Empty}}
            """);
        run._stdin = stdin;
        await run.StartProcessAsync();
        return run;
    }

    /// <summary>Kills the engine as a crash would (SIGKILL: no flush, no goodbye).</summary>
    public async Task KillHardAsync()
    {
        Process.Signal("KILL");
        await Process.WaitForExitAsync(TimeSpan.FromSeconds(20));
        Process.Dispose();
    }

    /// <summary>Starts the engine again on the same folder, spec and journal.</summary>
    public Task RestartAsync()
    {
        Process.Dispose();
        return StartProcessAsync();
    }

    /// <summary>GET /status, parsed.</summary>
    public async Task<JsonElement> StatusAsync()
    {
        using var http = new HttpClient();
        return JsonDocument.Parse(await http.GetStringAsync(Endpoint + "/status")).RootElement.Clone();
    }

    private async Task StartProcessAsync()
    {
        string[] args = _stdin ? ["run", "--spec", SpecPath, "--bus", "stdin"] : ["run", "--spec", SpecPath];
        Process = _stdin ? LoopProcess.StartWithInput(Path, args) : LoopProcess.Start(Path, args);
        Endpoint = await Process.EndpointAsync();
        await Process.WaitForOutputAsync("bus: tailing", TimeSpan.FromSeconds(30));
        var ticks = Ticks;
        await WaitForTicksAsync(ticks + 2);
    }

    /// <summary>Rows in metrics.csv so far (one per tick).</summary>
    public int Ticks
    {
        get
        {
            var csv = System.IO.Path.Combine(Path, "logs", "metrics.csv");
            return Math.Max(0, RunFiles.Lines(csv).Count(static l => l.Length > 0) - 1);
        }
    }

    public List<JsonElement> Acks() => Events().Where(static e => e.GetProperty("type").GetString() == "ack").ToList();

    public List<JsonElement> Events() => RunFiles.JsonLines(System.IO.Path.Combine(Path, "logs", "events.jsonl"));

    public Task WaitForAcksAsync(int count, TimeSpan? timeout = null) => Eventually.AssertAsync(
        () => Assert.True(Acks().Count >= count, $"{Acks().Count} acks of {count}"),
        timeout ?? TimeSpan.FromSeconds(20),
        TimeSpan.FromMilliseconds(100));

    public Task WaitForTicksAsync(int count) => Eventually.AssertAsync(
        () => Assert.True(Ticks >= count, $"{Ticks} ticks of {count}"),
        TimeSpan.FromSeconds(30),
        TimeSpan.FromMilliseconds(100));

    public void Append(byte[] bytes)
    {
        using var file = new FileStream(Commands, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        file.Write(bytes);
    }

    public void Append(string text) => Append(System.Text.Encoding.UTF8.GetBytes(text));

    public async ValueTask DisposeAsync()
    {
        Process.Dispose();
        await Task.Yield();
        _scratch.Dispose();
    }

    public static string Code(JsonElement ack) =>
        ack.GetProperty("ok").GetBoolean() ? "ok" : ack.GetProperty("error").GetProperty("code").GetString()!;

    public static long Line(JsonElement ack) => ack.GetProperty("line").GetInt64();
}
