using System.Globalization;
using System.Text;
using Loop.Benchmarks.Measurements;

namespace Loop.Benchmarks.Load;

/// <summary>
/// Issue 18: N http adapters at <c>every: S</c> against a keep-alive Kestrel target (its own process), on the
/// real engine: loop latency and jitter per tick, calls per tick, and the engine's CPU per probe, from its
/// metrics.csv and /proc over a window after the first full period.
/// </summary>
public static class IntervalLoad
{
    /// <summary>Runs the engine with the loop's GC pacing as <paramref name="pacing"/> says: on, off, or both in turn (off first), <paramref name="rounds"/> times.</summary>
    public static void Run(int adapters, int everySeconds, int windowSeconds, string pacing, int rounds)
    {
        var settings = pacing switch
        {
            "on" => new[] { true },
            "off" => [false],
            _ => [false, true],
        };
        for (var round = 1; round <= rounds; round++)
        {
            foreach (var on in settings)
            {
                Console.WriteLine($"round {round}, gc_between_ticks: {(on ? "true" : "false")}");
                RunOnce(adapters, everySeconds, windowSeconds, on);
            }
        }
    }

    private static void RunOnce(int adapters, int everySeconds, int windowSeconds, bool gcBetweenTicks)
    {
        using var target = HttpTargetServer.Start(out var baseUrl);
        try
        {
            var spec = new StringBuilder($"loop: {{ name: every, tick_ms: 200, deadline_ms: 150, gc_between_ticks: {(gcBetweenTicks ? "true" : "false")} }}\nexporter: {{ port: 0 }}\nlimits: {{ max_adapters: 100000 }}\nadapters:\n");
            for (var i = 0; i < adapters; i++)
            {
                spec.Append(CultureInfo.InvariantCulture, $"  - {{ name: h{i}, kind: http, url: \"{baseUrl}/ok\", timeout_ms: 1000, every: {everySeconds}s }}\n");
            }

            using var engine = EngineProcess.StartSpec(spec.ToString());
            Thread.Sleep(TimeSpan.FromSeconds(everySeconds + 5)); // start-up and one whole period: every adapter has run once
            using var http = new HttpClient();
            var collectionsBefore = Collections(http, engine);
            var cpuBefore = ProcessCpuTime.Of(engine.Pid);
            var from = TimeProvider.System.GetUtcNow();
            Thread.Sleep(TimeSpan.FromSeconds(windowSeconds));
            var to = TimeProvider.System.GetUtcNow();
            var cpu = ProcessCpuTime.Of(engine.Pid) - cpuBefore;
            var ticks = engine.Ticks().Where(t => t.Ts >= from && t.Ts < to).ToList();
            var ran = ticks.Select(static t => (double)t.Ran).ToList();
            var probes = ticks.Sum(static t => (long)t.Ran);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{adapters} http adapters at every: {everySeconds}s (200 ms ticks), {windowSeconds} s window, {ticks.Count} ticks, {probes} probes"));
            Console.WriteLine($"  probes per tick  {Percentiles.Summary(ran, string.Empty)}");
            Console.WriteLine($"  loop latency     {Percentiles.Summary([.. ticks.Select(static t => t.LatencyMs)], " ms")}");
            Console.WriteLine($"  tick jitter      {Percentiles.Summary([.. ticks.Select(static t => t.JitterMs)], " ms")}");
            var slow = ticks.Where(static t => t.LatencyMs > 15).Select(static t => string.Create(CultureInfo.InvariantCulture, $"{t.Tick} ({t.Tick % 50}): {t.LatencyMs:0} ms")).ToList();
            Console.WriteLine($"  ticks over 15 ms (tick, tick mod 50: latency): {string.Join(", ", slow)}");
            var collections = Collections(http, engine);
            Console.WriteLine($"  collections      in the window: run by the loop between ticks {collections.Loop - collectionsBefore.Loop}, by the runtime {collections.Runtime - collectionsBefore.Runtime}");

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  engine CPU       {cpu.TotalSeconds / windowSeconds * 100:0.0}% of one core; {cpu.TotalMicroseconds / Math.Max(1, probes):0.0} µs per probe (the whole engine's CPU over the probes)"));
        }
        finally
        {
            target.Kill(entireProcessTree: true);
        }
    }

    /// <summary>The engine's collections so far, from its /metrics: run by the loop between ticks, and by the runtime itself.</summary>
    private static (long Loop, long Runtime) Collections(HttpClient http, EngineProcess engine)
    {
        var metrics = http.GetStringAsync(new Uri(engine.Endpoint + "/metrics")).GetAwaiter().GetResult();
        long Of(string runBy) => metrics.Split('\n')
            .Where(l => l.StartsWith($"resonance_gc_collections_total{{run_by=\"{runBy}\"}} ", StringComparison.Ordinal))
            .Select(static l => long.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture))
            .Single();
        return (Of("loop"), Of("runtime"));
    }
}
