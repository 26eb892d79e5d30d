using System.Diagnostics;
using Loop.Actors.Adapters;
using Loop.Actors.Loop;
using Loop.Actors.Runtime;

namespace Loop.Benchmarks.Load;

/// <summary>
/// The load driver: runs the real LoopSupervisor in-process with N adapters at a fixed tick for a
/// measured window (after a warm-up) and reports jitter, loop latency, CPU and memory per adapter.
/// </summary>
public static class LoopLoad
{
    public static void RunSynthetic(int adapters, TimeSpan window, TimeSpan tick)
    {
        var definitions = Enumerable.Range(0, adapters).Select(i => new AdapterDefinition(
            "s" + i, "synthetic", () => new SyntheticAdapter(new SyntheticAdapterOptions()), TimeSpan.FromMilliseconds(150), new RestartPolicy())).ToList();
        Run("synthetic_answering_at_once", $"{adapters} synthetic adapters, tick {tick.TotalMilliseconds:0} ms", definitions, window, tick, TimeSpan.Zero, measureMemory: true);
    }

    public static void Run(string scenario, string load, IReadOnlyList<AdapterDefinition> definitions, TimeSpan window, TimeSpan tick, TimeSpan spread, bool measureMemory)
    {
        var system = ActorSystem.Create("load");
        var ticks = new List<TickCompleted>();
        var collector = system.ActorOf(Props.Create(() => new TickCollector(ticks)), "collector");
        system.EventStream.Subscribe(collector, typeof(TickCompleted));
        var before = measureMemory ? LiveBytes() : 0;

        var loop = system.ActorOf(LoopSupervisor.Props(new LoopOptions
        {
            TickInterval = tick,
            Deadline = tick * 3 / 4,
            Spread = spread,
            Adapters = definitions,
        }), "loop");

        Thread.Sleep(TimeSpan.FromSeconds(5)); // warm-up: JIT, tiered compilation, connections
        double? perAdapter = measureMemory ? (LiveBytes() - before) / (double)definitions.Count : null;

        var process = Process.GetCurrentProcess();
        process.Refresh();
        var cpuBefore = process.TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        TickCollector.Recording = true;
        Thread.Sleep(window);
        TickCollector.Recording = false;
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuBefore;
        var elapsed = wall.Elapsed;

        List<TickCompleted> measured;
        lock (ticks)
        {
            measured = [.. ticks];
        }

        var calls = measured.Sum(static t => (long)(t.Ok + t.Timeout + t.Error + t.Rejected));
        LoadReport.Print(scenario, load, elapsed, measured, cpu, perAdapter, calls);
        loop.Ask<LoopSupervisor.LoopStopped>(LoopSupervisor.StopLoop.Instance, TimeSpan.FromSeconds(10)).Wait();
        system.Terminate().Wait();
    }

    private static long LiveBytes()
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }

        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
