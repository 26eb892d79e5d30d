using System.Globalization;
using BenchmarkDotNet.Running;
using Loop.Benchmarks.Measurements;

// BenchmarkDotNet benchmarks: dotnet run -c Release --project benchmarks/Loop.Benchmarks -- --filter '*'
// Measurements BenchmarkDotNet cannot take (p99, retained heap, timer lateness):
//   -- memory | -- precision [firings] [interval-ms] | -- fanout-percentiles [children] [rounds]
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
    default:
        BenchmarkSwitcher.FromAssembly(typeof(Loop.Benchmarks.PingPongBenchmarks).Assembly).Run(args);
        break;
}
