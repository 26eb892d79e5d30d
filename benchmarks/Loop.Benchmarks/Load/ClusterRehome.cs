namespace Loop.Benchmarks.Load;

/// <summary>
/// Issue 19's re-homing figure, per victim: three nodes on LOOP_BENCH_POSTGRES, <c>adapters</c> http adapters against a
/// <see cref="ProbeTarget"/>; once every adapter is probed, one node is killed (kill -9) and the time is taken until
/// every adapter has been probed again by the survivors. The victim is the oldest node (it runs the cluster's
/// singletons: the bus and the adapters' ledger, which move with it) or the youngest (they stay), alternating; each
/// build given runs each case every round, the order alternating by round.
/// </summary>
public static class ClusterRehome
{
    private const long TickMs = 200;
    private static readonly string[] Names = ["first", "second", "third"];

    public static void Run(int adapters, int rounds, IReadOnlyList<string> builds)
    {
        var connection = Environment.GetEnvironmentVariable("LOOP_BENCH_POSTGRES") ?? throw new InvalidOperationException("set LOOP_BENCH_POSTGRES to a PostgreSQL connection string");
        Console.WriteLine($"cluster-rehome: 3 nodes, {adapters} http adapters, {rounds} rounds, {builds.Count} builds, {Environment.ProcessorCount} cores");
        var results = new Dictionary<(string Build, string Victim), List<double>>();
        for (var round = 1; round <= rounds; round++)
        {
            var order = round % 2 == 1 ? builds : builds.Reverse().ToList();
            foreach (var build in order)
            {
                foreach (var victim in new[] { 0, 2 })
                {
                    var seconds = KillOne(adapters, victim, build, connection);
                    var key = (build, victim == 0 ? "oldest (singletons move)" : "youngest");
                    (results.TryGetValue(key, out var list) ? list : results[key] = []).Add(seconds);
                    Console.WriteLine(FormattableString.Invariant($"round {round}, {build}, kill -9 of the {key.Item2}: every adapter probed again {seconds:0.0} s after"));
                }
            }
        }

        foreach (var ((build, victim), seconds) in results)
        {
            Console.WriteLine(FormattableString.Invariant($"{build}, {victim}: {string.Join(" / ", seconds.Select(static s => s.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)))} s, median {seconds.Order().ElementAt(seconds.Count / 2):0.0} s"));
        }
    }

    private static double KillOne(int adapters, int victim, string build, string connection)
    {
        using var target = ProbeTarget.Start(TickMs);
        var ports = ClusterLoad.FreePorts(3);
        var engines = new EngineProcess?[3];
        try
        {
            for (var i = 0; i < 3; i++)
            {
                engines[i] = EngineProcess.StartSpec(ClusterWatch.Spec(adapters, Names[i], ports[i], ports[0], target.Url, connection), build);
                Thread.Sleep(i == 0 ? 3000 : 0); // the seed first: it is the oldest
            }

            Thread.Sleep(TimeSpan.FromSeconds(30)); // joined and rebalanced
            var killAt = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();
            engines[victim]!.Kill();
            return (target.WaitAllProbedAfter(adapters, killAt + 1000, Names[victim]) - killAt) / 1000.0;
        }
        finally
        {
            foreach (var engine in engines)
            {
                engine?.Dispose();
            }
        }
    }
}
