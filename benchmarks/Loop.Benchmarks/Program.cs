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
switch (args.FirstOrDefault())
{
    case "memory":
        ActorMemory.Run();
        break;
    case "precision":
        SchedulerPrecision.Run(
            args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 150,
            TimeSpan.FromMilliseconds(args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 200));
        break;
    case "fanout-percentiles":
        FanOutPercentiles.Run(
            args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10_000,
            args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 500);
        break;
    case "loop-load":
        Loop.Benchmarks.Load.LoopLoad.RunSynthetic(
            args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1_000,
            TimeSpan.FromSeconds(args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 60),
            TimeSpan.FromMilliseconds(args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 200),
            withCollector: args.Length > 4 && args[4] == "metrics");
        break;
    case "http-load":
        Loop.Benchmarks.Load.HttpLoad.Run(
            args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1_000,
            TimeSpan.FromSeconds(args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 30));
        break;
    case "scrape-load":
        Loop.Benchmarks.Load.LoopLoad.RunScrapeComparison(
            args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10_000,
            TimeSpan.FromSeconds(args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 30));
        break;
    case "bus-load":
        Loop.Benchmarks.Load.BusLoad.Run(
            args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1_000,
            TimeSpan.FromSeconds(args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 20));
        break;
    case "journal-append":
        Loop.Benchmarks.Load.JournalLoad.RunAppend(
            args.Length > 1 ? args[1] : "sqlite",
            TimeSpan.FromSeconds(args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 10),
            args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 1000,
            args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 1000);
        break;
    case "journal-recovery":
        Loop.Benchmarks.Load.JournalLoad.RunRecovery(
            args.Length > 1 ? args[1] : "sqlite",
            args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 100_000,
            args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 5);
        break;
    case "journal-jitter":
        Loop.Benchmarks.Load.JournalLoad.RunJitter(
            args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1_000,
            TimeSpan.FromSeconds(args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 30),
            args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 5_000);
        break;
    case "http-server":
        Loop.Benchmarks.Load.HttpTargetServer.Run();
        break;
    default:
        BenchmarkSwitcher.FromAssembly(typeof(Loop.Benchmarks.PingPongBenchmarks).Assembly).Run(args);
        break;
}
