using System.Globalization;
using System.Text.Json;
using Loop.Engine.Tests.Support;

namespace Loop.Engine.Tests.Integration;

/// <summary>
/// Runs the real executable once for all of <see cref="MixedLoopTests"/>: 30 ticks of 200 ms against a
/// real Kestrel server: an ok probe, a 404 (rejected, never restarted), a 503 (errors, restarted with
/// backoff), a hang (cut at the deadline), a synthetic adapter that crashes every call (restarted,
/// then parked) and a healthy synthetic one.
/// </summary>
public sealed class MixedLoopRun : IAsyncLifetime
{
    public const int Ticks = 30;
    public const int DeadlineMs = 150;
    private ProbeTargetServer _server = null!;

    public ScratchDirectory Scratch { get; } = new();

    public (int Code, string Stdout, string Stderr) Result { get; private set; }

    public List<string[]> Rows { get; private set; } = [];

    public List<JsonElement> Events { get; private set; } = [];

    public string Csv => Path.Combine(Scratch.Path, "logs", "metrics.csv");

    public async Task InitializeAsync()
    {
        _server = await ProbeTargetServer.StartAsync();
        var spec = Path.Combine(Scratch.Path, "mixed.yaml");
        await File.WriteAllTextAsync(spec, $$"""
            loop: { name: mixed, tick_ms: 200, ticks: {{Ticks}}, deadline_ms: {{DeadlineMs}} }
            exporter: { port: 0 }
            # Supervision is under test here, not R-Axis: no BLOCK takes adapters out or pauses the loop.
            r_axis: { loop: { on_block: continue }, adapter: { block_success_rate: 0 } }
            adapters:
              - { name: healthy, kind: synthetic }
              - name: crasher
                kind: synthetic
                crash_rate: 1
                restart: { after_failures: 1, min_backoff: 300ms, max_backoff: 300ms, random_factor: 0, max_retries: 2, reset_after: 1h }
              - { name: http-ok, kind: http, url: "{{_server.BaseUrl}}/ok" }
              - name: http-404
                kind: http
                url: "{{_server.BaseUrl}}/missing"
                restart: { after_failures: 3, min_backoff: 200ms, max_backoff: 200ms, random_factor: 0, max_retries: 100 }
              - name: http-503
                kind: http
                url: "{{_server.BaseUrl}}/unavailable"
                restart: { after_failures: 3, min_backoff: 200ms, max_backoff: 200ms, random_factor: 0, max_retries: 100 }
              - name: http-hang
                kind: http
                url: "{{_server.BaseUrl}}/hang"
                timeout_ms: 5000
                restart: { after_failures: 1000 }
            """);

        Result = await LoopProcess.RunAsync(Scratch.Path, "run", "--spec", spec);
        Rows = File.Exists(Csv) ? File.ReadLines(Csv).Skip(1).Select(l => l.Split(',')).ToList() : [];
        var events = Path.Combine(Scratch.Path, "logs", "events.jsonl");
        Events = File.Exists(events) ? File.ReadLines(events).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList() : [];
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Scratch.Dispose();
    }

    public string Dump() => string.Join("\n", File.Exists(Csv) ? File.ReadLines(Csv) : []) + "\n" + Result.Stdout;
}

/// <summary>What the mixed run must show (see <see cref="MixedLoopRun"/>).</summary>
public sealed class MixedLoopTests(MixedLoopRun run) : IClassFixture<MixedLoopRun>
{
    private const int Ticks = MixedLoopRun.Ticks;
    private const int DeadlineMs = MixedLoopRun.DeadlineMs;
    private readonly (int Code, string Stdout, string Stderr) _run = run.Result;
    private readonly List<string[]> _rows = run.Rows;
    private readonly List<JsonElement> _events = run.Events;

    [Fact]
    public void Run_AfterItsTicks_ExitsZeroWithOneRowPerTick()
    {
        Assert.True(_run.Code == 0, $"exit {_run.Code}: {_run.Stderr}");
        Assert.Equal(Enumerable.Range(1, Ticks).Select(i => i.ToString(CultureInfo.InvariantCulture)), _rows.Select(r => r[1]));
        Assert.All(_rows, r => Assert.Equal("6", r[5]));
        Assert.All(_rows, r => Assert.Equal(6, int.Parse(r[6], CultureInfo.InvariantCulture) + Sum(r, 7, 8, 9, 10)));
    }

    [Fact]
    public void HangingAdapter_NeverPushesLoopLatencyPastTheDeadline()
    {
        var latencies = _rows.Select(r => double.Parse(r[4], CultureInfo.InvariantCulture)).ToList();

        // The hang holds every tick until its deadline (so the deadline really was what ended it)...
        // (The adapter cuts its own call with a .NET timer, which can fire a few ms early.) In the
        // first second of a fresh process a cut call can still be winding down when the next tick
        // comes, which then answers "previous call still running" at once: steady ticks only.
        var steadyMin = latencies.Skip(5).Min();
        Assert.True(steadyMin >= DeadlineMs - 10, $"min latency after the first second {steadyMin} ms: the hang did not hold the tick\n{run.Dump()}");

        // ...and never beyond it, but for the time the deadline message takes to be handled: within
        // 100 ms in the first second of a fresh process (JIT, the crasher's first exceptions and log
        // lines all land then), within 60 ms after it (other test classes run beside this one). A hang the deadline did not cut would show as
        // its 5 s call timeout.
        Assert.True(latencies.Max() <= DeadlineMs + 100, $"max latency {latencies.Max()} ms with a {DeadlineMs} ms deadline\n{run.Dump()}");
        var steady = latencies.Skip(5).Max();
        Assert.True(steady <= DeadlineMs + 60, $"max latency after the first second {steady} ms with a {DeadlineMs} ms deadline\n{run.Dump()}");
        Assert.All(_rows, r => Assert.True(int.Parse(r[7], CultureInfo.InvariantCulture) >= 1, "the hang counts as a timeout every tick"));
    }

    [Fact]
    public void Rejected404_CountedAndNeverTheReasonForARestart()
    {
        // The first calls of a fresh process can miss the deadline (JIT, first connections), and a
        // loaded CI machine can stall every call for a moment: those are timeouts and may restart it.
        // A 404 itself never does (tested strictly with a manual clock in LoopSupervisorTests): it is
        // rejected in most ticks, and no restart ever names a rejection as its reason. "Most" is half:
        // on a loaded 2-core machine the first calls' timeouts can cost one restart and its backoff
        // (19 of 30 ticks were seen once), while an adapter whose 404s were not counted shows none.
        var rejectedTicks = _rows.Count(r => r[9] == "1");
        Assert.True(rejectedTicks >= Ticks / 2, $"rejected in only {rejectedTicks} of {Ticks} ticks\n{run.Dump()}");
        Assert.All(_rows, r => Assert.InRange(int.Parse(r[9], CultureInfo.InvariantCulture), 0, 1));
        Assert.DoesNotContain(_events, e => Is(e, "adapter", "http-404") && e.TryGetProperty("reason", out var reason)
            && reason.GetString()!.Contains("rejected", StringComparison.Ordinal));
    }

    [Fact]
    public void Crasher_RestartedAfterItsBackoffThenParked()
    {
        var crasher = _events.Where(e => Is(e, "adapter", "crasher")).ToList();
        var sequence = crasher.Select(e => e.GetProperty("event").GetString()).ToList();
        Assert.Equal(["restarting", "restarted", "restarting", "restarted", "parked"], sequence);

        var firstRestarting = crasher[0];
        Assert.Equal(1, firstRestarting.GetProperty("attempt").GetInt32());
        Assert.Equal(300, firstRestarting.GetProperty("delay_ms").GetInt32());
        Assert.Contains("crash", firstRestarting.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal("crash", firstRestarting.GetProperty("reason_class").GetString());
        var waited = Timestamp(crasher[1]) - Timestamp(crasher[0]);
        Assert.True(waited >= TimeSpan.FromMilliseconds(300), $"restarted {waited.TotalMilliseconds} ms after it was scheduled, before its 300 ms backoff");

        // Once parked it is skipped every tick: the last rows skip it.
        Assert.All(_rows.TakeLast(10), r => Assert.True(int.Parse(r[10], CultureInfo.InvariantCulture) >= 1));
    }

    [Fact]
    public void Unavailable503_ErrorsThenRestartsWithBackoff()
    {
        var restarts = _events.Where(e => Is(e, "adapter", "http-503") && e.GetProperty("event").GetString() == "restarting").ToList();

        Assert.NotEmpty(restarts);
        Assert.All(restarts, e => Assert.Equal(200, e.GetProperty("delay_ms").GetInt32()));
        Assert.Contains(restarts, e => e.GetProperty("reason").GetString()!.Contains("last error (HTTP 503)", StringComparison.Ordinal));
        // Each restart names the class of the failure that ended it, as the results counter's reason label has it: the
        // 503s, or a timeout when the target answered too late (it does, on a busy machine, at the start).
        Assert.Contains(restarts, e => e.GetProperty("reason").GetString()!.Contains("last error (HTTP 503)", StringComparison.Ordinal) && e.GetProperty("reason_class").GetString() == "status_503");
        Assert.All(restarts, e => Assert.Equal(e.GetProperty("reason").GetString()!.Contains("(HTTP 503)", StringComparison.Ordinal) ? "status_503" : "timeout", e.GetProperty("reason_class").GetString()));
        Assert.True(_rows.Sum(r => int.Parse(r[8], CultureInfo.InvariantCulture)) >= 3, "503s count as errors");
    }

    [Fact]
    public async Task Verify_OnThisRun_ExitCodesFollowTheVerdict()
    {
        var csv = run.Csv;

        var pass = await LoopProcess.RunAsync(run.Scratch.Path, "verify", "--metrics", csv, "--max-p95-ms", "1000", "--min-success", "0.1");
        var fail = await LoopProcess.RunAsync(run.Scratch.Path, "verify", "--metrics", csv, "--min-success", "0.99");
        var json = await LoopProcess.RunAsync(run.Scratch.Path, "verify", "--metrics", csv, "--json");
        await File.WriteAllTextAsync(Path.Combine(run.Scratch.Path, "garbage.csv"), "not,a,metrics,file\n");
        var garbage = await LoopProcess.RunAsync(run.Scratch.Path, "verify", "--metrics", "garbage.csv");

        Assert.Equal(0, pass.ExitCode);
        Assert.Contains("verdict: PASS", pass.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, fail.ExitCode);
        Assert.Contains("FAIL  success rate", fail.Stdout, StringComparison.Ordinal);
        Assert.Equal(Ticks, JsonDocument.Parse(json.Stdout).RootElement.GetProperty("ticks").GetInt32());
        Assert.Equal(2, garbage.ExitCode);
        Assert.Equal("loop: 'garbage.csv' is not a loop metrics file: its first line must be 'ts,tick,due_ms,jitter_ms,loop_latency_ms,adapters,ok,timeout,error,rejected,skipped,success_rate,r_axis_loop,paused,overrun,run,due,ran'", garbage.Stderr.Trim());
    }

    private static bool Is(JsonElement e, string type, string adapter) =>
        e.GetProperty("type").GetString() == type && e.TryGetProperty("adapter", out var a) && a.GetString() == adapter;

    private static DateTimeOffset Timestamp(JsonElement e) => DateTimeOffset.Parse(e.GetProperty("ts").GetString()!, CultureInfo.InvariantCulture);

    private static int Sum(string[] row, params int[] columns) => columns.Sum(c => int.Parse(row[c], CultureInfo.InvariantCulture));
}
