using System.Globalization;
using BenchmarkDotNet.Running;
using Loop.Benchmarks.Measurements;

// BenchmarkDotNet benchmarks: dotnet run -c Release --project benchmarks/Loop.Benchmarks -- --filter '*'
// Measurements BenchmarkDotNet cannot take (p99, retained heap, timer lateness):
//   -- memory | -- precision [firings] [interval-ms] | -- fanout-percentiles [children] [rounds]
// Load driver (the loop itself): -- loop-load [adapters] [seconds] [tick-ms] | -- http-load [adapters] [seconds]
//   | -- bus-load [adapters] [seconds] (the real engine's command bus: ack throughput, latency, jitter)
//   | -- scrape-load [adapters] [seconds] (jitter without and with a /metrics render every second)
// Journal: -- journal-append [sqlite|postgres] [seconds] [in-flight] [snapshot-every] | -- journal-recovery [sqlite|postgres] [events] [repeats]
//   | -- journal-jitter [adapters] [seconds] [commands/s]   (postgres reads LOOP_BENCH_POSTGRES)
// Builds side by side (issue 13): -- engine-compare [rounds] [window-s] loop.dll ...   (1k/10k adapters: jitter, latency, first tick, memory, bus acks)
// Metrics on the engine (issue 14): -- scrape-compare [rounds] [window-s] loop.dll ...   (10k adapters: jitter and latency p99 without and with a scrape every second)
// Live web view (issue 16): -- live-load [adapters] [window-s] [pages] [rounds]   (jitter with N open /live pages vs none; bytes per frame)
// Load driver (issue 17): -- driver-compare [rounds] [seconds] [connections] [max,fixed]   (loop load vs wrk for max req/s, vs hey at 1,000/s; CPU per request)
//   | -- client-compare URL [rounds] [seconds] [connections]   (Http1Client vs HttpClient; run with the load process's env, RESULTS.md)
//   | -- engine-gate [adapters] [users] [seconds]   (the release gate: loop load engine, bus users with 1 s think time, vs the engine's metrics.csv)
// Intervals (issue 18): -- interval-load [adapters] [every-s] [window-s] [on|off|both] [rounds]   (http adapters at every: S against a local target: latency, jitter, probes per tick, CPU per probe)
//   | -- probe-cpu [adapters] [window-s]   (engine CPU per probe for synthetic, http with a body condition, tcp, tls, dns)
// Cluster (issue 19): -- cluster-jitter [adapters] [window-s] [nodes] [rounds] [loop.dll ...]   (nodes on LOOP_BENCH_POSTGRES vs one engine with one node's share: jitter, latency)
//   | -- cluster-watch [adapters] [minutes]   (3 nodes, http adapters, one kill -9 and a restart: probes by two nodes in one tick)
//   | -- cluster-bus [adapters] [seconds] [rounds] [loop.dll ...]   (2 nodes: POST /bus throughput and latency with ids, claimed cluster-wide, and without)
//   | -- cluster-rehome [adapters] [rounds] [loop.dll ...]   (3 nodes, kill -9 of the oldest (singletons) or the youngest: seconds until every adapter is probed again)
// Idle engine: -- idle-cpu [window-s] [warm-up-s] [rounds] [loop.dll ...]   (built-in quick spec, running then paused; several builds interleaved)

// Positional arguments after the mode, each with its default.
int Int(int at, int fallback) => args.Length > at ? int.Parse(args[at], CultureInfo.InvariantCulture) : fallback;
string Text(int at, string fallback) => args.Length > at ? args[at] : fallback;

// The builds to compare, from position `at` on (loop.dll paths); this build's alone by default.
string[] Builds(int at) => args.Length > at ? args[at..] : [Loop.Benchmarks.Load.EngineProcess.CurrentLoopDll];

switch (args.FirstOrDefault())
{
    case "memory":
        ActorMemory.Run();
        break;
    case "precision":
        SchedulerPrecision.Run(
            Int(1, 150),
            TimeSpan.FromMilliseconds(Int(2, 200)));
        break;
    case "fanout-percentiles":
        FanOutPercentiles.Run(
            Int(1, 10_000),
            Int(2, 500));
        break;
    case "loop-load":
        Loop.Benchmarks.Load.LoopLoad.RunSynthetic(
            Int(1, 1_000),
            TimeSpan.FromSeconds(Int(2, 60)),
            TimeSpan.FromMilliseconds(Int(3, 200)));
        break;
    case "http-load":
        Loop.Benchmarks.Load.HttpLoad.Run(
            Int(1, 1_000),
            TimeSpan.FromSeconds(Int(2, 30)));
        break;
    case "scrape-load":
        Loop.Benchmarks.Load.LoopLoad.RunScrapeComparison(
            Int(1, 10_000),
            TimeSpan.FromSeconds(Int(2, 30)));
        break;
    case "bus-load":
        Loop.Benchmarks.Load.BusLoad.Run(
            Int(1, 1_000),
            TimeSpan.FromSeconds(Int(2, 20)));
        break;
    case "journal-append":
        Loop.Benchmarks.Load.JournalLoad.RunAppend(
            Text(1, "sqlite"),
            TimeSpan.FromSeconds(Int(2, 10)),
            Int(3, 1000),
            Int(4, 10_000));
        break;
    case "journal-recovery":
        Loop.Benchmarks.Load.JournalLoad.RunRecovery(
            Text(1, "sqlite"),
            Int(2, 100_000),
            Int(3, 5));
        break;
    case "journal-jitter":
        Loop.Benchmarks.Load.JournalLoad.RunJitter(
            Int(1, 1_000),
            TimeSpan.FromSeconds(Int(2, 30)),
            Int(3, 5_000));
        break;
    case "engine-compare":
        Loop.Benchmarks.Load.EngineCompare.Run(
            Int(1, 3),
            TimeSpan.FromSeconds(Int(2, 30)),
            Builds(3));
        break;
    case "scrape-compare":
        Loop.Benchmarks.Load.ScrapeCompare.Run(
            Int(1, 3),
            TimeSpan.FromSeconds(Int(2, 30)),
            Builds(3));
        break;
    case "idle-cpu":
        Loop.Benchmarks.Load.IdleCpu.Run(
            TimeSpan.FromSeconds(Int(1, 60)),
            TimeSpan.FromSeconds(Int(2, 60)),
            Int(3, 3),
            Builds(4));
        break;
    case "live-load":
        Loop.Benchmarks.Load.LiveLoad.Run(
            Int(1, 1_000),
            TimeSpan.FromSeconds(Int(2, 20)),
            Int(3, 20),
            Int(4, 3));
        break;
    case "driver-compare":
        Loop.Benchmarks.Load.DriverCompare.Run(Int(1, 3), Int(2, 10), Int(3, 50), Text(4, "max,fixed"));
        break;
    case "client-compare":
        Loop.Benchmarks.Load.DriverCompare.ClientCompare(new Uri(args[1]), Int(2, 3), Int(3, 10), Int(4, 50));
        break;
    case "driver-cpu":
        Console.WriteLine(Loop.Benchmarks.Load.DriverCompare.CpuPerRequest(args.Length > 3 ? new Uri(args[3]) : null, Int(1, 10), Int(2, 1000)).ToString("0.0", CultureInfo.InvariantCulture) + " µs per request");
        break;
    case "probe-cpu":
        Loop.Benchmarks.Load.ProbeCpu.Run(Int(1, 200), Int(2, 20));
        break;
    case "cluster-watch":
        Loop.Benchmarks.Load.ClusterWatch.Run(Int(1, 300), Int(2, 10));
        break;
    case "cluster-bus":
        Loop.Benchmarks.Load.ClusterBusLoad.Run(Int(1, 100), Int(2, 10), Int(3, 4), Builds(4));
        break;
    case "cluster-rehome":
        Loop.Benchmarks.Load.ClusterRehome.Run(Int(1, 300), Int(2, 3), Builds(3));
        break;
    case "cluster-jitter":
        Loop.Benchmarks.Load.ClusterLoad.Run(Int(1, 3_000), TimeSpan.FromSeconds(Int(2, 60)), Int(3, 3), Int(4, 1), args.Skip(5).ToList());
        break;
    case "interval-load":
        Loop.Benchmarks.Load.IntervalLoad.Run(Int(1, 10_000), Int(2, 10), Int(3, 60), args.Length > 4 ? args[4] : "on", Int(5, 1));
        break;
    case "engine-gate":
        Loop.Benchmarks.Load.EngineGate.Run(Int(1, 1000), Int(2, 1000), Int(3, 60));
        break;
    case "http-server":
        Loop.Benchmarks.Load.HttpTargetServer.Run();
        break;
    default:
        BenchmarkSwitcher.FromAssembly(typeof(Loop.Benchmarks.PingPongBenchmarks).Assembly).Run(args);
        break;
}
