using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Loop.Benchmarks.Load;

/// <summary>The real engine (src/Loop.Engine's Release build) as a child process in a scratch folder.</summary>
public sealed partial class EngineProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();

    private EngineProcess(Process process, string folder)
    {
        _process = process;
        Folder = folder;
    }

    public string Folder { get; }

    /// <summary>Gets when the process was launched (wall clock), for start-to-first-tick.</summary>
    public DateTimeOffset LaunchedAt { get; private set; }

    /// <summary>Gets the engine's resident set size now, in bytes (VmRSS).</summary>
    public long ResidentBytes =>
        File.ReadLines($"/proc/{Pid}/status").Where(static l => l.StartsWith("VmRSS:", StringComparison.Ordinal))
            .Select(static l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024).First();

    /// <summary>Reads metrics.csv: per tick, when its row was written, its number, due (ms since the epoch), jitter and loop latency.</summary>
    public List<TickRow> Ticks()
    {
        var rows = new List<TickRow>();
        if (!File.Exists(Csv))
        {
            return rows;
        }

        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        using var stream = new FileStream(Csv, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        reader.ReadLine();
        while (reader.ReadLine() is { } line)
        {
            var cells = line.Split(',');
            if (cells.Length > 5 && DateTimeOffset.TryParse(cells[0], invariant, out var ts) && long.TryParse(cells[1], invariant, out var tick))
            {
                var ran = cells.Length >= 18 ? int.Parse(cells[17], invariant) : -1;
                rows.Add(new TickRow(ts, tick, double.Parse(cells[2], invariant), double.Parse(cells[3], invariant), double.Parse(cells[4], invariant), ran));
            }
        }

        return rows;
    }

    public string Endpoint { get; private set; } = string.Empty;

    public string Events => Path.Combine(Folder, "logs", "events.jsonl");

    public string Csv => Path.Combine(Folder, "logs", "metrics.csv");

    public string Commands => Path.Combine(Folder, "controls", "commands.jsonl");

    /// <summary>Gets the engine's process id (for its CPU time in /proc).</summary>
    public int Pid => _process.Id;

    /// <summary>Starts `loop run` on a spec with <paramref name="adapters"/> synthetic adapters and waits for its endpoint.</summary>
    /// <param name="adapters">How many synthetic adapters.</param>
    /// <param name="loopDll">The build to run; the current Release build when null.</param>
    public static EngineProcess Start(int adapters, string? loopDll = null)
    {
        var launched = TimeProvider.System.GetUtcNow();
        var folder = Directory.CreateTempSubdirectory("loop-bench-").FullName;
        var spec = new StringBuilder("loop: { name: bench, tick_ms: 200, ticks: 0, deadline_ms: 150 }\nexporter: { port: 0 }\nadapters:\n");
        for (var i = 0; i < adapters; i++)
        {
            spec.Append("  - { name: s").Append(i).Append(", kind: synthetic, latency_ms: { mean: 2, jitter: 1 } }\n");
        }

        File.WriteAllText(Path.Combine(folder, "bench.yaml"), spec.ToString());
        var engine = Launch(folder, loopDll ?? LoopDll(), "run", "--spec", "bench.yaml");
        engine.LaunchedAt = launched;
        return engine;
    }

    /// <summary>Starts `loop run` on <paramref name="spec"/> (YAML text; its exporter port should be 0) in a scratch folder.</summary>
    public static EngineProcess StartSpec(string spec, string? loopDll = null)
    {
        var folder = Directory.CreateTempSubdirectory("loop-bench-").FullName;
        File.WriteAllText(Path.Combine(folder, "bench.yaml"), spec);
        return Launch(folder, loopDll ?? LoopDll(), "run", "--spec", "bench.yaml");
    }

    /// <summary>Starts `loop run --port 0` in an empty folder: the spec built into <paramref name="loopDll"/> (the newcomer's first run).</summary>
    public static EngineProcess StartBuiltIn(string loopDll) =>
        Launch(Directory.CreateTempSubdirectory("loop-bench-").FullName, loopDll, "run", "--port", "0");

    /// <summary>The current Release build of the engine.</summary>
    public static string CurrentLoopDll => LoopDll();

    private static EngineProcess Launch(string folder, string loopDll, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(loopDll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info)!;
        var engine = new EngineProcess(process, folder);
        process.OutputDataReceived += (_, e) =>
        {
            lock (engine._stdout)
            {
                engine._stdout.AppendLine(e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var watch = Stopwatch.StartNew();
        while (engine.Endpoint.Length == 0)
        {
            if (watch.Elapsed > TimeSpan.FromSeconds(60) || process.HasExited)
            {
                throw new InvalidOperationException("the engine did not start: " + engine._stdout);
            }

            Thread.Sleep(50);
            lock (engine._stdout)
            {
                engine.Endpoint = Address().Match(engine._stdout.ToString()).Value;
            }
        }

        return engine;
    }

    /// <summary>Jitter of the ticks whose row was written in [from, to).</summary>
    public List<double> JitterBetween(DateTimeOffset from, DateTimeOffset to) =>
        Ticks().Where(t => t.Ts >= from && t.Ts < to).Select(static t => t.JitterMs).ToList();

    /// <summary>Kills the engine at once (SIGKILL: no stop, no leave), as a crash or `kill -9` would.</summary>
    public void Kill() => _process.Kill(entireProcessTree: true);

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
    }

    private static string LoopDll()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Loop.sln")))
        {
            folder = folder.Parent;
        }

        var dll = Path.Combine(folder?.FullName ?? ".", "src", "Loop.Engine", "bin", "Release", "net10.0", "loop.dll");
        return File.Exists(dll) ? dll : throw new InvalidOperationException($"build the engine first: dotnet build -c Release src/Loop.Engine (looked for {dll})");
    }

    [GeneratedRegex(@"http://127\.0\.0\.1:\d+")]
    private static partial Regex Address();
}
