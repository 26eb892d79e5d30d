using Loop.Engine.Tests.Support;

namespace Loop.Engine.Tests.Cli;

public sealed class LoopCliTests : IDisposable
{
    private readonly ScratchDirectory _scratch = new();

    [Fact]
    public async Task Version_PrintsVersionAndExitsZero()
    {
        var (code, stdout, stderr) = await LoopProcess.RunAsync(_scratch.Path, "--version");

        Assert.Equal(0, code);
        Assert.Matches(@"^\d+\.\d+\.\d+", stdout.Trim());
        Assert.Equal(string.Empty, stderr);
    }

    [Theory]
    [InlineData("bogus")]
    [InlineData("run", "--no-such-option")]
    public async Task BadCommandLine_OneLineOnStderrNoStackTrace_ExitTwo(params string[] args)
    {
        var (code, stdout, stderr) = await LoopProcess.RunAsync(_scratch.Path, args);

        Assert.Equal(2, code);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith("loop: ", lines[0], StringComparison.Ordinal);
        Assert.Contains("loop --help", lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr + stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("TERM")]
    [InlineData("INT")]
    public async Task Run_Signal_FinishesTickFlushesAndExitsZero(string signal)
    {
        using var loop = LoopProcess.Start(_scratch.Path, "run", "--port", "0");
        await loop.WaitForOutputAsync("engine started", TimeSpan.FromSeconds(30));
        await Eventually.AssertAsync(() => Assert.True(CsvRows() >= 3), TimeSpan.FromSeconds(20));

        loop.Signal(signal);
        var code = await loop.WaitForExitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(0, code);
        Assert.Contains("engine stopped", loop.Stdout, StringComparison.Ordinal);
        var log = await File.ReadAllLinesAsync(Path.Combine(_scratch.Path, "logs", "engine.log"));
        Assert.All(log, l => Assert.StartsWith("{\"ts\":", l, StringComparison.Ordinal)); // JSON, one event per line
        Assert.Contains(log, l => l.Contains("\"message\":\"engine stopped after", StringComparison.Ordinal));
        var events = await File.ReadAllLinesAsync(Path.Combine(_scratch.Path, "logs", "events.jsonl"));
        Assert.Contains("\"event\":\"started\"", events[0], StringComparison.Ordinal);
        Assert.Contains("\"event\":\"stopped\",\"reason\":\"signal\"", events[^1], StringComparison.Ordinal);

        // The last row's tick equals the ticks the engine reports: nothing in flight was lost.
        var lastTick = File.ReadLines(Path.Combine(_scratch.Path, "logs", "metrics.csv")).Last().Split(',')[1];
        Assert.Matches($"\"ticks\":{lastTick},\"overruns\":[0-9]+}}$", events[^1]);
    }

    [Fact]
    public async Task Run_BuiltInSpec_TickMs50_DeadlineScaledWithTheTick()
    {
        // Issue 12, item 17: the built-in spec's deadline (150 ms) is not the user's to edit.
        var (code, stdout, stderr) = await LoopProcess.RunAsync(_scratch.Path, "run", "--tick-ms", "50", "--ticks", "10", "--port", "0");

        Assert.True(code == 0, stdout + stderr);
        Assert.Equal(10, File.ReadLines(Path.Combine(_scratch.Path, "logs", "metrics.csv")).Skip(1).Count());
        Assert.Contains("deadline 37 ms", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_UnwritableOutput_OneClearLineAndExitTwo()
    {
        var blocker = Path.Combine(_scratch.Path, "file-not-folder");
        await File.WriteAllTextAsync(blocker, "x");
        var spec = Path.Combine(_scratch.Path, "spec.yaml");
        await File.WriteAllTextAsync(spec, $"exporter: {{ port: 0 }}\noutput: {{ metrics_csv: {blocker}/m.csv }}\nadapters: [ {{ name: a, kind: synthetic }} ]\n");

        var (code, _, stderr) = await LoopProcess.RunAsync(_scratch.Path, "run", "--spec", spec);

        Assert.Equal(2, code);
        Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("cannot open output.metrics_csv", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    private int CsvRows()
    {
        var path = Path.Combine(_scratch.Path, "logs", "metrics.csv");
        return File.Exists(path) ? File.ReadLines(path).Count() - 1 : 0;
    }

    public void Dispose() => _scratch.Dispose();
}
