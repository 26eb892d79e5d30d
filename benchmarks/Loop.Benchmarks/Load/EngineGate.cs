using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Loop.Benchmarks.Measurements;

namespace Loop.Benchmarks.Load;

/// <summary>
/// The release gate of issue 17, as an operator would run it: an engine with N synthetic adapters, and the
/// real `loop load engine --scenario bus --users U --think 1s` for a window. Prints the load's report and, from
/// the engine's own metrics.csv over the same window, the tick jitter per tick (the exact figures the
/// /metrics histogram estimates).
/// </summary>
public static partial class EngineGate
{
    public static void Run(int adapters, int users, int seconds)
    {
        using var engine = EngineProcess.Start(adapters);
        Thread.Sleep(TimeSpan.FromSeconds(5)); // warm-up: JIT, first ticks
        var folder = Directory.CreateTempSubdirectory("loop-gate-").FullName;
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[]
        {
            EngineProcess.CurrentLoopDll, "load", "engine", "--to", engine.Endpoint, "--scenario", "bus", "--users", users.ToString(CultureInfo.InvariantCulture),
            "--think", "1s", "--duration", seconds + "s", "--baseline", "10s", "--report-folder", folder,
        })
        {
            info.ArgumentList.Add(arg);
        }

        using var load = Process.Start(info)!;
        var output = load.StandardOutput.ReadToEnd() + load.StandardError.ReadToEnd();
        load.WaitForExit();
        var started = DateTimeOffset.Parse(StartedAt().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        var jitter = engine.JitterBetween(started, started + TimeSpan.FromSeconds(seconds));
        Console.WriteLine($"engine: {adapters} synthetic adapters at {engine.Endpoint}; load: {users} bus users, think 1 s, {seconds} s; exit {load.ExitCode}");
        Console.WriteLine(output);
        Console.WriteLine($"tick jitter under load, per tick from the engine's metrics.csv: {Percentiles.Summary(jitter, " ms")}");
    }

    [GeneratedRegex(@"started (\S+Z)")]
    private static partial Regex StartedAt();
}
