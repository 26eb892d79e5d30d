using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Loop.Benchmarks.Measurements;
using Loop.Load.Running;
using Loop.Load.Scenarios;
using Loop.Load.Simulations;

namespace Loop.Benchmarks.Load;

/// <summary>
/// `loop load` (the real executable) against the anchors on one keep-alive Kestrel target in its own process,
/// in interleaved rounds (issue 17):
/// the most requests per second with N connections (wrk -t2 -cN vs loop load http --users N); p50/p99 and CPU per
/// request at a fixed 1,000 requests/s (wrk2 -R1000 and hey -c50 -q20 vs loop load http --rate 1000, and vs
/// --users 50 --think 50ms, hey's own shape). CPU is each process's user+system time (bash's time), over requests;
/// loop's start-up (a --rate 1 run of the same length) is taken off.
/// </summary>
public static partial class DriverCompare
{
    public static void Run(int rounds, int seconds, int connections, string parts = "max,fixed")
    {
        using var target = HttpTargetServer.Start(out var baseUrl);
        var url = baseUrl + "/ok";
        try
        {
            Console.WriteLine($"target {url} (Kestrel, its own process); {rounds} rounds of {seconds} s per tool; machine: {Environment.ProcessorCount} cores");
            _ = Timed("wrk", "-t2", "-c" + connections, "-d2s", url); // warm the target's JIT
            var loop = EngineProcess.CurrentLoopDll;
            var n = connections.ToString(CultureInfo.InvariantCulture);
            var d = seconds.ToString(CultureInfo.InvariantCulture) + "s";
            if (parts.Contains("max", StringComparison.Ordinal))
            {
                Console.WriteLine($"-- the most requests per second, {connections} connections --");
                InterleavedRounds.Run(
                    rounds,
                    ["wrk", "loop"],
                    tool => tool == "wrk" ? Wrk(url, n, d) : Loop(loop, seconds, "--url", url, "--users", n, "--connections", n, "--duration", d),
                    static results => string.Create(CultureInfo.InvariantCulture, $"{Percentiles.Of([.. results.Select(static r => r.Rps)], 50):0} req/s, CPU {Median(results, static r => r.CpuMicrosPerRequest):0.0} µs per request"));
            }

            if (!parts.Contains("fixed", StringComparison.Ordinal))
            {
                return;
            }

            Console.WriteLine("-- a fixed 1,000 requests/s: p50 / p99, CPU per request --");
            InterleavedRounds.Run(
                rounds,
                ["wrk2", "hey", "loop --rate 1000", "loop --users 50 --think 50ms"],
                tool => tool switch
                {
                    "wrk2" => Wrk2(url, d),
                    "hey" => Hey(url, d),
                    "loop --rate 1000" => Loop(loop, seconds, "--url", url, "--rate", "1000", "--duration", d),
                    _ => Loop(loop, seconds, "--url", url, "--users", "50", "--think", "50ms", "--duration", d),
                },
                static results => string.Create(
                    CultureInfo.InvariantCulture,
                    $"p50 {Median(results, static r => r.P50Ms):0.000} ms, p99 {Median(results, static r => r.P99Ms):0.000} ms, {Median(results, static r => r.Rps):0} req/s, CPU {Median(results, static r => r.CpuMicrosPerRequest):0.0} µs per request"));
        }
        finally
        {
            target.Kill(entireProcessTree: true);
        }
    }

    /// <summary>The driver's CPU per request in this process at <paramref name="rate"/>/s; with a null url, calls that do nothing (the driver alone).</summary>
    public static double CpuPerRequest(Uri? url, int seconds, int rate = 1000)
    {
        using var client = url is null ? null : new Loop.Load.Http.Http1Client(url, HttpMethod.Get, [], null, "text/plain", 100);
        var scenario = Scenario.Create("cpu", _ => client is null ? Task.FromResult(Response.Ok()) : client.SendAsync(TimeSpan.FromSeconds(10), CancellationToken.None))
            .WithWarmUpDuration(TimeSpan.FromSeconds(2))
            .WithLoadSimulations(LoadSimulation.Inject(rate, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(seconds)));
        var self = Process.GetCurrentProcess();
        var before = self.TotalProcessorTime;
        var result = LoadRunner.RegisterScenarios(scenario).RunAsync().GetAwaiter().GetResult();
        self.Refresh();
        var spent = self.TotalProcessorTime - before;
        return spent.TotalMicroseconds / (result.Scenarios[0].Whole.Requests + (2 * rate)); // the warm-up's calls ran on the same CPU
    }

    /// <summary>
    /// Requests per second through each client, closed model, <paramref name="connections"/> copies, in this process
    /// (run it with the load process's settings: DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1 and
    /// DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0), rounds interleaved: is the hand-written client worth keeping?
    /// </summary>
    public static void ClientCompare(Uri url, int rounds, int seconds, int connections)
    {
        using var raw = new global::Loop.Load.Http.Http1Client(url, HttpMethod.Get, [], null, "text/plain", connections);
        using var http = global::Loop.Load.Http.HttpScenario.Client(connections);
        var load = LoadSimulation.KeepConstant(connections, TimeSpan.FromSeconds(seconds));
        var clients = new Dictionary<string, Func<ScenarioContext, Task<Response>>>
        {
            ["Http1Client"] = _ => raw.SendAsync(TimeSpan.FromSeconds(10), CancellationToken.None),
            ["HttpClient"] = ctx => global::Loop.Load.Http.HttpScenario.SendAsync(http, new HttpRequestMessage(HttpMethod.Get, url), TimeSpan.FromSeconds(10), ctx.CancellationToken),
        };
        InterleavedRounds.Run(
            rounds,
            [.. clients.Keys],
            name =>
            {
                var self = Process.GetCurrentProcess();
                var before = self.TotalProcessorTime;
                var scenario = Scenario.Create(name, clients[name]).WithWarmUpDuration(TimeSpan.FromSeconds(1)).WithLoadSimulations(load);
                var whole = LoadRunner.RegisterScenarios(scenario).RunAsync().GetAwaiter().GetResult().Scenarios[0].Whole;
                self.Refresh();
                return new DriverRun(whole.Rps, whole.P50Ms, whole.P99Ms, (self.TotalProcessorTime - before).TotalMicroseconds / whole.Requests);
            },
            static results => string.Create(CultureInfo.InvariantCulture, $"{Median(results, static r => r.Rps):0} req/s, CPU {Median(results, static r => r.CpuMicrosPerRequest):0.0} µs per request"));
    }

    private static double Median(List<DriverRun> results, Func<DriverRun, double> figure) => Percentiles.Of([.. results.Select(figure)], 50);

    private static DriverRun Wrk(string url, string connections, string duration)
    {
        var (output, cpu) = Timed("wrk", "-t2", "-c" + connections, "-d" + duration, url);
        var rps = Number(WrkRps().Match(output), output);
        return new DriverRun(rps, double.NaN, double.NaN, cpu.TotalMicroseconds / (rps * Seconds(duration)));
    }

    private static DriverRun Wrk2(string url, string duration)
    {
        // wrk2 times each request from when it was due (its HdrHistogram "Recorded Latency"), as loop does
        var (output, cpu) = Timed("wrk2", "-t2", "-c50", "-d" + duration, "-R1000", "--latency", url);
        var rps = Number(WrkRps().Match(output), output);
        return new DriverRun(rps, Milliseconds(Wrk2Percentile("50.000").Match(output), output), Milliseconds(Wrk2Percentile("99.000").Match(output), output), cpu.TotalMicroseconds / (rps * Seconds(duration)));
    }

    private static DriverRun Hey(string url, string duration)
    {
        // hey's -q is per worker: 50 workers x 20/s = 1,000/s; it times each request from when it was sent
        var (output, cpu) = Timed("hey", "-z", duration, "-c", "50", "-q", "20", url);
        var rps = Number(HeyRps().Match(output), output);
        return new DriverRun(rps, Number(HeyPercentile("50").Match(output), output) * 1000, Number(HeyPercentile("99").Match(output), output) * 1000, cpu.TotalMicroseconds / (rps * Seconds(duration)));
    }

    /// <summary>The real `loop load http` with a CSV report; its CPU less a --rate 1 run's (start-up, JIT, idle) of the same length.</summary>
    private static DriverRun Loop(string loopDll, int seconds, params string[] args)
    {
        var idle = LoopOnce(loopDll, ["--url", args[1], "--rate", "1", "--duration", seconds + "s"]).Cpu;
        var (row, cpu) = LoopOnce(loopDll, args);
        return new DriverRun(row["rps"], row["p50_ms"], row["p99_ms"], (cpu - idle).TotalMicroseconds / (row["requests"] - seconds)); // the idle run's 1/s left out too
    }

    private static (Dictionary<string, double> Row, TimeSpan Cpu) LoopOnce(string loopDll, string[] args)
    {
        var folder = Directory.CreateTempSubdirectory("loop-load-bench-").FullName;
        try
        {
            var (_, cpu) = Timed("dotnet", [loopDll, "load", "http", .. args, "--gate", "none", "--report-format", "csv", "--report-folder", folder]);
            var lines = File.ReadAllLines(Directory.GetFiles(folder, "*.csv").Single());
            var row = lines[0].Split(',').Zip(lines[1].Split(','), static (name, cell) => (Name: name, Cell: cell))
                .Where(static p => double.TryParse(p.Cell, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
                .ToDictionary(static p => p.Name, static p => double.Parse(p.Cell, CultureInfo.InvariantCulture));
            return (row, cpu);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Runs a tool under bash's time and returns its output and its CPU (user + system, children included).</summary>
    private static (string Output, TimeSpan Cpu) Timed(string file, params string[] args)
    {
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("TIMEFORMAT='cpu %U %S'; time \"$@\"");
        info.ArgumentList.Add("timed");
        info.ArgumentList.Add(file);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var errors = stderr.GetAwaiter().GetResult();
        var cpu = CpuLine().Match(errors);
        var seconds = cpu.Success ? double.Parse(cpu.Groups[1].Value, CultureInfo.InvariantCulture) + double.Parse(cpu.Groups[2].Value, CultureInfo.InvariantCulture) : double.NaN;
        return (output + errors, TimeSpan.FromSeconds(seconds));
    }

    /// <summary>wrk2 prints 785.00us, 1.09ms or 1.20s.</summary>
    private static double Milliseconds(Match match, string output)
    {
        var text = match.Success ? match.Groups[1].Value : throw new InvalidOperationException("no figure in: " + output);
        var (number, scale) = text.EndsWith("us", StringComparison.Ordinal) ? (text[..^2], 0.001) : text.EndsWith("ms", StringComparison.Ordinal) ? (text[..^2], 1.0) : (text[..^1], 1000.0);
        return double.Parse(number, CultureInfo.InvariantCulture) * scale;
    }

    private static double Seconds(string duration) => double.Parse(duration.TrimEnd('s'), CultureInfo.InvariantCulture);

    private static double Number(Match match, string output) =>
        match.Success ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : throw new InvalidOperationException("no figure in: " + output);

    [GeneratedRegex(@"cpu ([0-9.]+) ([0-9.]+)")]
    private static partial Regex CpuLine();

    [GeneratedRegex(@"Requests/sec:\s+([0-9.]+)")]
    private static partial Regex WrkRps();

    [GeneratedRegex(@"Requests/sec:\s+([0-9.]+)")]
    private static partial Regex HeyRps();

    private static Regex Wrk2Percentile(string p) => new($@"\s{Regex.Escape(p)}%\s+([0-9.]+(?:us|ms|s))");

    private static Regex HeyPercentile(string p) => new($@"\s{p}%+ in ([0-9.]+) secs");
}
