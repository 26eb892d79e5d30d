using System.Globalization;

namespace Loop.Benchmarks.Load;

/// <summary>
/// An idle engine's CPU (issue 12, item 21): the real `loop run` on its built-in quick spec (3 synthetic
/// adapters), CPU time from /proc/PID/stat over a window after a warm-up (JIT and tiering done), then the
/// same window paused. Several builds can be measured side by side, interleaved, one process each round.
/// </summary>
public static class IdleCpu
{
    public static void Run(TimeSpan window, TimeSpan warmUp, int rounds, IReadOnlyList<string> builds)
    {
        var running = builds.ToDictionary(static b => b, static _ => new List<double>());
        var paused = builds.ToDictionary(static b => b, static _ => new List<double>());
        for (var round = 1; round <= rounds; round++)
        {
            foreach (var build in builds)
            {
                using var engine = EngineProcess.StartBuiltIn(build);
                Thread.Sleep(warmUp);
                running[build].Add(PercentOfOneCore(engine.Pid, window));
                Directory.CreateDirectory(Path.GetDirectoryName(engine.Commands)!);
                File.AppendAllText(engine.Commands, "{\"cmd\":\"pause\"}\n");
                Thread.Sleep(TimeSpan.FromSeconds(3));
                paused[build].Add(PercentOfOneCore(engine.Pid, window));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"round {round} {build}: running {running[build][^1]:0.00}% paused {paused[build][^1]:0.00}% of one core"));
            }
        }

        foreach (var build in builds)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{build}: idle CPU median running {Median(running[build]):0.00}% ({string.Join(" / ", running[build].Select(static v => v.ToString("0.00", CultureInfo.InvariantCulture)))}), paused {Median(paused[build]):0.00}% of one core"));
        }
    }

    /// <summary>The process's user + system CPU over <paramref name="window"/>, as a percentage of one core.</summary>
    private static double PercentOfOneCore(int pid, TimeSpan window)
    {
        var before = Measurements.ProcessCpuTime.Of(pid);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        Thread.Sleep(window);
        var after = Measurements.ProcessCpuTime.Of(pid);
        return (after - before).TotalSeconds / watch.Elapsed.TotalSeconds * 100;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
