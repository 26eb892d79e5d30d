using System.Globalization;
using System.Text;

namespace Loop.Benchmarks.Load;

/// <summary>
/// Issue 19's duplicate watch: three nodes on LOOP_BENCH_POSTGRES, <c>adapters</c> http adapters against a target
/// (<see cref="ProbeTarget"/>) that records which node probed which adapter in which 200 ms tick, for <c>minutes</c>,
/// with one node killed (kill -9) a third of the way in and started again at half way. Prints the probes by two nodes
/// in one tick (the figure: 0), the probes per adapter and tick, and how long the kill left adapters unprobed.
/// </summary>
public static class ClusterWatch
{
    private const long TickMs = 200;

    public static void Run(int adapters, int minutes)
    {
        var connection = Environment.GetEnvironmentVariable("LOOP_BENCH_POSTGRES") ?? throw new InvalidOperationException("set LOOP_BENCH_POSTGRES to a PostgreSQL connection string");
        using var target = ProbeTarget.Start(TickMs);
        var ports = ClusterLoad.FreePorts(3);
        var names = new[] { "first", "second", "third" };
        var engines = new EngineProcess?[3];
        try
        {
            for (var i = 0; i < 3; i++)
            {
                engines[i] = EngineProcess.StartSpec(Spec(adapters, names[i], ports[i], ports[0], target.Url, connection));
            }

            Thread.Sleep(TimeSpan.FromSeconds(30)); // joined and rebalanced
            var start = TimeProvider.System.GetUtcNow();
            var before = target.Probes;
            var length = TimeSpan.FromMinutes(minutes);
            Thread.Sleep(length / 3);
            var killAt = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();
            engines[2]!.Kill();
            var rehomed = target.WaitAllProbedAfter(adapters, killAt + 1000) - killAt;
            Console.WriteLine(FormattableString.Invariant($"kill -9 of the third at {(killAt - start.ToUnixTimeMilliseconds()) / 1000.0:0} s: every adapter probed again {rehomed / 1000.0:0.0} s after"));
            Thread.Sleep(start + (length / 2) - TimeProvider.System.GetUtcNow());
            engines[2]!.Dispose();
            engines[2] = EngineProcess.StartSpec(Spec(adapters, names[2], ports[2], ports[0], target.Url, connection));
            Console.WriteLine("the third started again at half way");
            Thread.Sleep(start + length - TimeProvider.System.GetUtcNow());
            var total = target.Probes - before;
            var expected = adapters * (long)(length.TotalMilliseconds / TickMs);
            Console.WriteLine(FormattableString.Invariant($"{minutes} min, {adapters} adapters: {total} probes of {expected} adapter-ticks ({(double)total / expected:P2}; the kill's gap and the restart's moves included), {target.Duplicates} by two nodes in one tick"));
        }
        finally
        {
            foreach (var engine in engines)
            {
                engine?.Dispose();
            }
        }
    }

    /// <summary>A node's spec: <paramref name="adapters"/> http adapters against the target, each probe naming the node.</summary>
    internal static string Spec(int adapters, string name, int port, int seed, string target, string connection)
    {
        var spec = new StringBuilder().Append(CultureInfo.InvariantCulture, $"loop: {{ name: watch, tick_ms: {TickMs}, ticks: 0, deadline_ms: 150 }}\nexporter: {{ port: 0 }}\nstorage: {{ provider: postgres, connection: \"{connection}\" }}\ncluster: {{ hostname: 127.0.0.1, port: {port}, seed_nodes: [\"127.0.0.1:{seed}\"] }}\nadapters:\n");
        for (var i = 0; i < adapters; i++)
        {
            spec.Append(CultureInfo.InvariantCulture, $"  - {{ name: a{i:000}, kind: http, url: \"{target}/probe/a{i:000}?node={name}\" }}\n");
        }

        return spec.ToString();
    }
}
