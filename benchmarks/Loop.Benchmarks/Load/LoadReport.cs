using System.Globalization;
using Loop.Actors.Loop;
using Loop.Benchmarks.Measurements;

namespace Loop.Benchmarks.Load;

/// <summary>One scenario's result, printed NBomber-style: load, duration, ok/fail counts, p50..p99.</summary>
public static class LoadReport
{
    public static void Print(string scenario, string load, TimeSpan window, IReadOnlyList<TickCompleted> ticks, TimeSpan cpu, double? bytesPerAdapter, long calls)
    {
        var ok = ticks.Sum(static t => (long)t.Ok);
        var failed = ticks.Sum(static t => (long)(t.Timeout + t.Error + t.Rejected));
        var jitter = ticks.Select(static t => t.JitterMs).ToList();
        var latency = ticks.Select(static t => t.LatencyMs).ToList();
        var cpuPercent = cpu.TotalMilliseconds / window.TotalMilliseconds * 100;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"scenario {scenario}: {load}, measured {window.TotalSeconds:0} s"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  ticks {ticks.Count}, overruns {ticks.Count(static t => t.Overrun)}, calls ok {ok}, failed {failed}"));
        Console.WriteLine($"  tick jitter   {Percentiles.Summary(jitter, " ms")}");
        Console.WriteLine($"  loop latency  {Percentiles.Summary(latency, " ms")}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  cpu {cpuPercent:0.0}% of one core; {(calls > 0 ? cpu.TotalMilliseconds / calls : double.NaN):0.0000} ms cpu per call"));
        if (bytesPerAdapter is { } bytes)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  memory {bytes:0} B per adapter (live heap, after warm-up)"));
        }
    }
}
