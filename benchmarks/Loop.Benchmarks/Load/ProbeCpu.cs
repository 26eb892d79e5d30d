using System.Globalization;
using System.Text;
using Loop.Benchmarks.Measurements;

namespace Loop.Benchmarks.Load;

/// <summary>
/// Issue 18: the engine's CPU per probe for each probe kind, on the real engine: N adapters of one kind called
/// every tick (5 N probes/s) against local targets for a window, the engine's CPU (from /proc) over its probes.
/// http with a body condition and tls against one Kestrel (plain and self-signed https), tcp connecting to it, dns
/// resolving localhost through the system resolver (/etc/hosts: no network).
/// </summary>
public static class ProbeCpu
{
    public static void Run(int adapters, int windowSeconds)
    {
        using var target = HttpTargetServer.Start(out var baseUrl, out var httpsUrl);
        try
        {
            var http = new Uri(baseUrl);
            var https = new Uri(httpsUrl);
            var kinds = new Dictionary<string, Func<int, string>>
            {
                ["synthetic (floor)"] = i => $"{{ name: p{i}, kind: synthetic }}",
                ["http, body condition"] = i => $"{{ name: p{i}, kind: http, url: \"{baseUrl}/ok\", expect: {{ status: [200], body_contains: ok }} }}",
                ["tcp connect"] = i => $"{{ name: p{i}, kind: tcp, target: \"127.0.0.1:{http.Port}\" }}",
                ["tls handshake"] = i => $"{{ name: p{i}, kind: tls, target: \"127.0.0.1:{https.Port}\", insecure_skip_verify: true }}",
                ["dns (system resolver)"] = i => $"{{ name: p{i}, kind: dns, query: localhost, expect: [\"127.0.0.1\"] }}",
            };
            Console.WriteLine($"{adapters} adapters of each kind, every tick (200 ms), {windowSeconds} s windows, engine CPU over its probes");
            foreach (var (kind, adapter) in kinds)
            {
                var spec = new StringBuilder("loop: { name: probes, tick_ms: 200, deadline_ms: 150 }\nexporter: { port: 0 }\nadapters:\n");
                for (var i = 0; i < adapters; i++)
                {
                    spec.Append("  - ").Append(adapter(i)[..^2]).Append(", timeout_ms: 150, restart: { after_failures: 1000 } }\n");
                }

                using var engine = EngineProcess.StartSpec(spec.ToString());
                Thread.Sleep(TimeSpan.FromSeconds(5)); // start-up, JIT
                var before = ProcessCpuTime.Of(engine.Pid);
                var from = TimeProvider.System.GetUtcNow();
                Thread.Sleep(TimeSpan.FromSeconds(windowSeconds));
                var to = TimeProvider.System.GetUtcNow();
                var cpu = ProcessCpuTime.Of(engine.Pid) - before;
                var ticks = engine.Ticks().Where(t => t.Ts >= from && t.Ts < to).ToList();
                var probes = ticks.Sum(static t => (long)t.Ran);
                Console.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"  {kind,-24} {cpu.TotalMicroseconds / Math.Max(1, probes),8:0.0} µs per probe ({probes} probes, {cpu.TotalSeconds / windowSeconds * 100:0.0}% of one core); loop latency {Percentiles.Summary([.. ticks.Select(static t => t.LatencyMs)], " ms")}"));
            }
        }
        finally
        {
            target.Kill(entireProcessTree: true);
        }
    }
}
