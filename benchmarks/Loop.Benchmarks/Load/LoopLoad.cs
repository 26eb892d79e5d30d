using System.Diagnostics;
using Loop.Actors.Adapters;
using Loop.Actors.Loop;
using Akka.Actor;

namespace Loop.Benchmarks.Load;

/// <summary>
/// The load driver: runs the real LoopSupervisor in-process with N adapters at a fixed tick for a
/// measured window (after a warm-up) and reports jitter, loop latency, CPU and memory per adapter.
/// </summary>
public static class LoopLoad
{
    /// <summary>
    /// Tick jitter with a /metrics render every second versus none, in one run: the loop records into the
    /// same registry in both windows (so recording costs the same), only the scraping differs.
    /// </summary>
    public static void RunScrapeComparison(int adapters, TimeSpan window)
    {
        var registry = Prometheus.Metrics.NewCustomRegistry();
        var metrics = new Loop.Actors.Telemetry.LoopMetrics(registry);
        var definitions = Synthetic(adapters);
        var scraping = false;
        var measuring = false;
        var renders = new List<double>();
        using var stop = new CancellationTokenSource();
        var scraper = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                if (Volatile.Read(ref scraping))
                {
                    var watch = Stopwatch.StartNew();
                    using (var sink = new CountingStream())
                    {
                        await registry.CollectAndExportAsTextAsync(sink, stop.Token).ConfigureAwait(false);
                    }

                    if (Volatile.Read(ref measuring))
                    {
                        lock (renders)
                        {
                            renders.Add(watch.Elapsed.TotalMilliseconds);
                        }
                    }
                    else
                    {
                        Console.WriteLine($"  render during warm-up: {watch.Elapsed.TotalMilliseconds:0.0} ms");
                    }
                }

                try
                {
                    await Task.Delay(1000, stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        });

        Run("no_scrape", $"{adapters} synthetic adapters, no scrape", definitions, window, TimeSpan.FromMilliseconds(200), TimeSpan.Zero, measureMemory: false, metrics: metrics);
        Run("scrape_every_second", $"{adapters} synthetic adapters, /metrics rendered every second", definitions, window, TimeSpan.FromMilliseconds(200), TimeSpan.Zero, measureMemory: false, onMeasuring: on => Volatile.Write(ref measuring, on), onWarmup: () => Volatile.Write(ref scraping, true), metrics: metrics);
        Volatile.Write(ref scraping, false);
        stop.Cancel();
        scraper.Wait();
        Console.WriteLine($"  renders during the scrape window: {Measurements.Percentiles.Summary(renders, " ms")}");
    }

    /// <summary>N synthetic adapters, recording their metrics as in `loop run` (nothing scrapes them).</summary>
    public static void RunSynthetic(int adapters, TimeSpan window, TimeSpan tick)
    {
        var definitions = Synthetic(adapters);
        Run("synthetic_answering_at_once", $"{adapters} synthetic adapters, tick {tick.TotalMilliseconds:0} ms", definitions, window, tick, TimeSpan.Zero, measureMemory: true);
    }

    /// <param name="onWarmup">Called when the loop has started, before the warm-up (the scrapes start there, so the window sees steady-state scrapes, not the first that creates every series).</param>
    /// <param name="metrics">What the loop records into; null: a registry of its own.</param>
    public static void Run(string scenario, string load, IReadOnlyList<AdapterDefinition> definitions, TimeSpan window, TimeSpan tick, TimeSpan spread, bool measureMemory, Action<bool>? onMeasuring = null, Action? onWarmup = null, Loop.Actors.Telemetry.LoopMetrics? metrics = null)
    {
        // LOOP_BENCH_HOCON: settings to try on top of the engine's (a dispatcher, a throughput), side by side.
        var tried = Akka.Configuration.ConfigurationFactory.ParseString(Environment.GetEnvironmentVariable("LOOP_BENCH_HOCON") ?? string.Empty);
        var system = ActorSystem.Create("load", tried.WithFallback(Loop.Actors.LoopActorsConfig.Default));
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
        }, metrics), "loop");

        onWarmup?.Invoke();
        Thread.Sleep(TimeSpan.FromSeconds(5)); // warm-up: JIT, tiered compilation, connections
        double? perAdapter = measureMemory ? (LiveBytes() - before) / (double)definitions.Count : null;

        var process = Process.GetCurrentProcess();
        process.Refresh();
        var cpuBefore = process.TotalProcessorTime;
        var gcBefore = GcCounts.Now();
        var wall = Stopwatch.StartNew();
        onMeasuring?.Invoke(true);
        TickCollector.Recording = true;
        Thread.Sleep(window);
        TickCollector.Recording = false;
        onMeasuring?.Invoke(false);
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuBefore;
        var elapsed = wall.Elapsed;
        var gc = GcCounts.Now() - gcBefore;

        List<TickCompleted> measured;
        lock (ticks)
        {
            measured = [.. ticks];
        }

        var calls = measured.Sum(static t => (long)(t.Ok + t.Timeout + t.Error + t.Rejected));
        LoadReport.Print(scenario, load, elapsed, measured, cpu, perAdapter, calls);
        Console.WriteLine($"  {gc}");
        loop.Ask<LoopSupervisor.LoopStopped>(LoopSupervisor.StopLoop.Instance, TimeSpan.FromSeconds(10)).Wait();
        system.Terminate().Wait();
    }

    /// <summary>N synthetic adapters answering at once (the loop's own cost, nothing else).</summary>
    public static List<AdapterDefinition> Synthetic(int adapters) => Enumerable.Range(0, adapters).Select(i => new AdapterDefinition(
        "s" + i, "synthetic", () => new SyntheticAdapter(new SyntheticAdapterOptions()), TimeSpan.FromMilliseconds(150), new RestartPolicy())).ToList();

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
