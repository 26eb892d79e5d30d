using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Loop.Benchmarks.Measurements;

namespace Loop.Benchmarks.Load;

/// <summary>
/// What the cluster's id check costs the bus (issue 19): two nodes on LOOP_BENCH_POSTGRES, <c>adapters</c> synthetic
/// adapters between them; POST /bus on the first node, enable_adapter on each adapter in turn (about half run on the
/// other node), with an id each (claimed from the cluster's bus singleton first) and without (no claim), alternating
/// by round in one run: ack throughput in batches of 100 for <c>seconds</c>, and the latency of one command per POST.
/// Each build given (a loop.dll) gets a fresh two-node cluster every round, the order alternating by round.
/// </summary>
public static class ClusterBusLoad
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>This run's ids' prefix: the journal keeps the ids of earlier runs on the same database, and they would be duplicates.</summary>
    private static readonly string RunPrefix = Guid.NewGuid().ToString("N")[..8];

    public static void Run(int adapters, int seconds, int rounds, IReadOnlyList<string> builds)
    {
        var connection = Environment.GetEnvironmentVariable("LOOP_BENCH_POSTGRES") ?? throw new InvalidOperationException("set LOOP_BENCH_POSTGRES to a PostgreSQL connection string");
        Console.WriteLine($"cluster-bus: 2 nodes, {adapters} synthetic adapters, {seconds} s windows, {rounds} rounds, {builds.Count} builds, {Environment.ProcessorCount} cores");
        var rates = new Dictionary<(string Build, bool Ids), List<double>>();
        var latencies = new Dictionary<(string Build, bool Ids), List<double>>();
        long next = 1_000;
        for (var round = 1; round <= rounds; round++)
        {
            foreach (var build in round % 2 == 1 ? builds : builds.Reverse().ToList())
            {
                // A fresh cluster per build and round, on the same journal: the ids never repeat.
                var ports = ClusterLoad.FreePorts(2);
                using var first = EngineProcess.StartSpec(Spec(adapters, ports[0], ports[0], connection), build);
                Thread.Sleep(3000);
                using var second = EngineProcess.StartSpec(Spec(adapters, ports[1], ports[0], connection), build);
                Thread.Sleep(TimeSpan.FromSeconds(25)); // joined, rebalanced
                var url = first.Endpoint + "/bus";
                Post(url, Batch(next, 100, adapters, withIds: true)); // warm both paths
                Post(url, Batch(next + 100, 100, adapters, withIds: false));
                next += 200;
                foreach (var withIds in round % 2 == 1 ? new[] { true, false } : [false, true])
                {
                    var watch = Stopwatch.StartNew();
                    long commands = 0;
                    while (watch.Elapsed < TimeSpan.FromSeconds(seconds))
                    {
                        commands += Post(url, Batch(next, 100, adapters, withIds));
                        next += 100;
                    }

                    var rate = commands / watch.Elapsed.TotalSeconds;
                    var one = new List<double>();
                    for (var i = 0; i < 300; i++, next++)
                    {
                        var sent = Stopwatch.GetTimestamp();
                        Post(url, Batch(next, 1, adapters, withIds));
                        one.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
                    }

                    (CollectionsMarshal.GetValueRefOrAddDefault(rates, (build, withIds), out _) ??= []).Add(rate);
                    (CollectionsMarshal.GetValueRefOrAddDefault(latencies, (build, withIds), out _) ??= []).AddRange(one);
                    Console.WriteLine(FormattableString.Invariant($"round {round}, {build}, {(withIds ? "ids" : "no ids")}: {rate:0} commands/s in batches of 100; one per POST {Percentiles.Summary(one, " ms")}"));
                }
            }
        }

        foreach (var ((build, withIds), rate) in rates.OrderBy(static r => r.Key.Build).ThenBy(static r => r.Key.Ids))
        {
            Console.WriteLine(FormattableString.Invariant($"{build}, {(withIds ? "ids (claimed)" : "no ids")}: {string.Join(" / ", rate.Select(static r => r.ToString("0", CultureInfo.InvariantCulture)))} commands/s, median {rate.Order().ElementAt(rate.Count / 2):0}; one per POST {Percentiles.Summary(latencies[(build, withIds)], " ms")}"));
        }
    }

    private static string Batch(long first, int count, int adapters, bool withIds)
    {
        var text = new StringBuilder(count * 80);
        for (var i = 0; i < count; i++)
        {
            var n = first + i;
            text.Append(withIds ? $"{{\"id\":\"{RunPrefix}-c{n}\"," : "{").Append(CultureInfo.InvariantCulture, $"\"cmd\":\"enable_adapter\",\"args\":{{\"name\":\"s{n % adapters}\"}}}}\n");
        }

        return text.ToString();
    }

    private static int Post(string url, string body)
    {
        using var response = Http.PostAsync(new Uri(url), new StringContent(body, Encoding.UTF8, "application/x-ndjson")).GetAwaiter().GetResult();
        var text = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
        if (!response.IsSuccessStatusCode || text.Contains("\"ok\":false", StringComparison.Ordinal) || text.Contains("\"duplicate\"", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("a command failed: " + text[..Math.Min(300, text.Length)]);
        }

        return text.Count(static c => c == '\n');
    }

    private static string Spec(int adapters, int port, int seed, string connection)
    {
        var spec = new StringBuilder().Append(CultureInfo.InvariantCulture, $"loop: {{ name: bus, tick_ms: 200, ticks: 0, deadline_ms: 150 }}\nexporter: {{ port: 0 }}\nstorage: {{ provider: postgres, connection: \"{connection}\" }}\ncluster: {{ hostname: 127.0.0.1, port: {port}, seed_nodes: [\"127.0.0.1:{seed}\"] }}\nadapters:\n");
        for (var i = 0; i < adapters; i++)
        {
            spec.Append(CultureInfo.InvariantCulture, $"  - {{ name: s{i}, kind: synthetic, latency_ms: {{ mean: 2, jitter: 1 }} }}\n");
        }

        return spec.ToString();
    }
}
