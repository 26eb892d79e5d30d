using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Loop.Benchmarks.Measurements;

namespace Loop.Benchmarks.Load;

/// <summary>
/// Issue 19's jitter figure: <c>nodes</c> real engine processes as one cluster on a PostgreSQL journal
/// (LOOP_BENCH_POSTGRES), <c>adapters</c> synthetic adapters in all, against one engine alone running one node's
/// share, side by side in one run (alternating rounds). Per node: tick jitter and loop latency p50/p99 from its
/// metrics.csv over the window, after its adapters have stopped moving.
/// </summary>
public static class ClusterLoad
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };

    /// <param name="builds">More builds' loop.dll to run the cluster with, each round, beside this one (A/B: the order
    /// alternates from round to round, so drift on a shared machine falls on each alike).</param>
    public static void Run(int adapters, TimeSpan window, int nodes, int rounds, IReadOnlyList<string>? builds = null)
    {
        var connection = Environment.GetEnvironmentVariable("LOOP_BENCH_POSTGRES") ?? throw new InvalidOperationException("set LOOP_BENCH_POSTGRES to a PostgreSQL connection string");
        Console.WriteLine($"cluster-jitter: {nodes} nodes, {adapters} synthetic adapters in all; one engine alone with {adapters / nodes}; {window.TotalSeconds:0} s windows, {rounds} rounds, {Environment.ProcessorCount} cores");
        List<string> dlls = [EngineProcess.CurrentLoopDll, .. builds ?? []];
        for (var round = 1; round <= rounds; round++)
        {
            var order = round % 2 == 1 ? dlls : Enumerable.Reverse(dlls).ToList();
            foreach (var dll in order)
            {
                RunCluster(round, adapters, window, nodes, connection, dlls.Count > 1 ? dll : null);
            }

            using var alone = EngineProcess.StartSpec(Spec(adapters / nodes, cluster: null, connection: null));
            var (jitter, latency) = alone.Window(window);
            Console.WriteLine(FormattableString.Invariant($"round {round} alone ({adapters / nodes}): jitter p50 {Percentiles.Of(jitter, 50):0.00} p99 {Percentiles.Of(jitter, 99):0.00} ms, latency p50 {Percentiles.Of(latency, 50):0.00} p99 {Percentiles.Of(latency, 99):0.00} ms, {jitter.Count} ticks"));
        }
    }

    private static void RunCluster(int round, int adapters, TimeSpan window, int nodes, string connection, string? build)
    {
        var label = build is null ? $"round {round}" : $"round {round} [{build}]";
        var ports = FreePorts(nodes);
        var engines = new List<EngineProcess>();
        try
        {
            foreach (var port in ports)
            {
                engines.Add(EngineProcess.StartSpec(Spec(adapters, $"{{ hostname: 127.0.0.1, port: {port}, seed_nodes: [\"127.0.0.1:{ports[0]}\"] }}", connection), build));
            }

            var settled = WaitSettled(engines, adapters, nodes);
            Console.WriteLine($"{label} cluster: all {adapters} homed and still for 10 s after {settled.TotalSeconds:0} s");
            var from = TimeProvider.System.GetUtcNow();
            Thread.Sleep(window);
            var to = TimeProvider.System.GetUtcNow();
            foreach (var (engine, i) in engines.Select(static (e, i) => (e, i)))
            {
                var rows = engine.Ticks().Where(t => t.Ts >= from && t.Ts < to).ToList();
                var jitter = rows.Select(static t => t.JitterMs).ToList();
                var latency = rows.Select(static t => t.LatencyMs).ToList();
                var share = rows.Count > 0 ? rows[^1].Ran : -1;
                Console.WriteLine(FormattableString.Invariant($"{label} node {i + 1} ({share} adapters): jitter p50 {Percentiles.Of(jitter, 50):0.00} p99 {Percentiles.Of(jitter, 99):0.00} ms, latency p50 {Percentiles.Of(latency, 50):0.00} p99 {Percentiles.Of(latency, 99):0.00} ms, {rows.Count} ticks"));
            }
        }
        finally
        {
            foreach (var engine in engines)
            {
                engine.Dispose();
            }
        }
    }

    /// <summary>Waits until every adapter runs on some node and none has moved for 10 s (rebalances over).</summary>
    private static TimeSpan WaitSettled(List<EngineProcess> engines, int adapters, int nodes)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var still = System.Diagnostics.Stopwatch.StartNew();
        var last = string.Empty;
        while (watch.Elapsed < TimeSpan.FromMinutes(3))
        {
            Thread.Sleep(1000);
            var counts = engines.Select(e => Adapters(e.Endpoint)).ToList();
            var now = string.Join(",", counts);
            if (now != last || counts.Sum() != adapters || counts.Any(static c => c == 0) || counts.Count != nodes)
            {
                (last, still) = (now, System.Diagnostics.Stopwatch.StartNew());
                continue;
            }

            if (still.Elapsed > TimeSpan.FromSeconds(10))
            {
                return watch.Elapsed;
            }
        }

        throw new InvalidOperationException("the adapters did not settle within 3 minutes: " + last);
    }

    private static int Adapters(string endpoint)
    {
        try
        {
            using var status = JsonDocument.Parse(Http.GetStringAsync(endpoint + "/status").GetAwaiter().GetResult());
            return status.RootElement.GetProperty("adapters").GetArrayLength();
        }
        catch (HttpRequestException)
        {
            return -1;
        }
    }

    private static string Spec(int adapters, string? cluster, string? connection)
    {
        var spec = new StringBuilder("loop: { name: bench, tick_ms: 200, ticks: 0, deadline_ms: 150 }\nexporter: { port: 0 }\n");
        if (cluster is not null)
        {
            spec.Append(CultureInfo.InvariantCulture, $"storage: {{ provider: postgres, connection: \"{connection}\" }}\ncluster: {cluster}\n");
        }

        spec.Append("adapters:\n");
        for (var i = 0; i < adapters; i++)
        {
            spec.Append(CultureInfo.InvariantCulture, $"  - {{ name: s{i}, kind: synthetic, latency_ms: {{ mean: 2, jitter: 1 }} }}\n");
        }

        return spec.ToString();
    }

    /// <summary>Ports free on the loopback now (listened on together, so all distinct).</summary>
    internal static int[] FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(static _ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        listeners.ForEach(static l => l.Start());
        var ports = listeners.Select(static l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        listeners.ForEach(static l => l.Stop());
        return ports;
    }
}
