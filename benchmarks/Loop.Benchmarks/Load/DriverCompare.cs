using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Loop.Benchmarks.Measurements;
using Loop.Load.Http;
using Loop.Load.Running;
using Loop.Load.Scenarios;
using Loop.Load.Simulations;

namespace Loop.Benchmarks.Load;

/// <summary>
/// `loop load` against the anchors on one keep-alive Kestrel target (its own process), in interleaved rounds
/// (issue 17): the most requests per second with N connections (wrk -t2 -cN vs loop load http --users N), p50/p99
/// at a fixed 1,000 requests/s (hey -q 20 -c 50 vs loop load http --rate 1000), and the driver's own CPU per
/// request at 1,000/s (the library in this process, CPU time over the run divided by the requests).
/// </summary>
public static partial class DriverCompare
{
    public static void Run(int rounds, int seconds, int connections)
    {
        using var target = HttpTargetServer.Start(out var baseUrl);
        var url = baseUrl + "/ok";
        try
        {
            Console.WriteLine($"target {url} (Kestrel, its own process); {rounds} rounds of {seconds} s per tool; machine: {Environment.ProcessorCount} cores");
            _ = Tool("wrk", "-t2", "-c" + connections, "-d2s", url); // warm the target's JIT
            Console.WriteLine($"-- the most requests per second, {connections} connections --");
            InterleavedRounds.Run(
                rounds,
                ["wrk", "loop"],
                tool => tool == "wrk" ? WrkRate(url, connections, seconds) : LoopRate(url, connections, seconds),
                results => string.Create(CultureInfo.InvariantCulture, $"{Median(results):0} req/s"));

            Console.WriteLine("-- p50 / p99 at a fixed 1,000 requests/s --");
            InterleavedRounds.Run(
                rounds,
                ["hey", "loop"],
                tool => tool == "hey" ? HeyFixed(url, seconds) : LoopFixed(url, seconds),
                results => string.Create(CultureInfo.InvariantCulture, $"p50 {MedianOf(results, 0):0.000} ms, p99 {MedianOf(results, 1):0.000} ms"));

            Console.WriteLine("-- driver CPU per request at 1,000 requests/s (the library, in this process) --");
            var cpu = Enumerable.Range(0, rounds).Select(_ => CpuPerRequest(new Uri(url), seconds)).ToList();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"rounds: {string.Join(", ", cpu.Select(static c => c.ToString("0.0", CultureInfo.InvariantCulture)))} µs; median {Percentiles.Of(cpu, 50):0.0} µs per request"));
        }
        finally
        {
            target.Kill(entireProcessTree: true);
        }
    }

    private static double Median(List<double[]> results) => MedianOf(results, 0);

    private static double MedianOf(List<double[]> results, int index) => Percentiles.Of([.. results.Select(r => r[index])], 50);

    private static double[] WrkRate(string url, int connections, int seconds)
    {
        var output = Tool("wrk", "-t2", "-c" + connections, $"-d{seconds}s", url);
        return [Number(WrkRps().Match(output), output)];
    }

    private static double[] LoopRate(string url, int connections, int seconds)
    {
        var row = LoopCsv("--url", url, "--users", connections.ToString(CultureInfo.InvariantCulture), "--connections", connections.ToString(CultureInfo.InvariantCulture), "--duration", seconds + "s");
        return [row["rps"]];
    }

    private static double[] HeyFixed(string url, int seconds)
    {
        // hey's -q is per worker: 50 workers x 20/s = 1,000/s; it times each request from when it was sent
        var output = Tool("hey", "-z", seconds + "s", "-c", "50", "-q", "20", url);
        return [Number(HeyPercentile("50").Match(output), output) * 1000, Number(HeyPercentile("99").Match(output), output) * 1000];
    }

    private static double[] LoopFixed(string url, int seconds)
    {
        var row = LoopCsv("--url", url, "--rate", "1000", "--duration", seconds + "s");
        return [row["p50_ms"], row["p99_ms"]];
    }

    /// <summary>The driver's CPU per request in this process at <paramref name="rate"/>/s; with a null url, calls that do nothing (the driver alone).</summary>
    public static double CpuPerRequest(Uri? url, int seconds, int rate = 1000)
    {
        using var client = HttpScenario.Client(100);
        var scenario = Scenario.Create("cpu", ctx => url is null ? Task.FromResult(Response.Ok()) : HttpScenario.SendAsync(client, new HttpRequestMessage(HttpMethod.Get, url), TimeSpan.FromSeconds(10), ctx.CancellationToken))
            .WithWarmUpDuration(TimeSpan.FromSeconds(2))
            .WithLoadSimulations(LoadSimulation.Inject(rate, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(seconds)));
        var self = Process.GetCurrentProcess();
        var before = self.TotalProcessorTime;
        var result = LoadRunner.RegisterScenarios(scenario).RunAsync().GetAwaiter().GetResult();
        self.Refresh();
        var spent = self.TotalProcessorTime - before;
        var requests = result.Scenarios[0].Whole.Requests + (2 * rate); // the warm-up's calls ran on the same CPU
        return spent.TotalMicroseconds / requests;
    }

    /// <summary>Runs the real `loop load http` with a CSV report and returns its one row by column.</summary>
    private static Dictionary<string, double> LoopCsv(params string[] args)
    {
        var folder = Directory.CreateTempSubdirectory("loop-load-bench-").FullName;
        try
        {
            _ = Tool("dotnet", [EngineProcess.CurrentLoopDll, "load", "http", .. args, "--warm-up", "2s", "--gate", "none", "--report-format", "csv", "--report-folder", folder]);
            var lines = File.ReadAllLines(Directory.GetFiles(folder, "*.csv").Single());
            var header = lines[0].Split(',');
            var cells = lines[1].Split(',');
            return header.Zip(cells, static (name, cell) => (Name: name, Cell: cell))
                .Where(static p => double.TryParse(p.Cell, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
                .ToDictionary(static p => p.Name, static p => double.Parse(p.Cell, CultureInfo.InvariantCulture));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string Tool(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output + stderr.GetAwaiter().GetResult();
    }

    private static double Number(Match match, string output) =>
        match.Success ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : throw new InvalidOperationException("no figure in: " + output);

    [GeneratedRegex(@"Requests/sec:\s+([0-9.]+)")]
    private static partial Regex WrkRps();

    private static Regex HeyPercentile(string p) => new($@"\s{p}%+ in ([0-9.]+) secs");
}
