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
    public async Task Run_Signal_StopsCleanlyWithExitZero(string signal)
    {
        using var loop = LoopProcess.Start(_scratch.Path, "run");
        await loop.WaitForOutputAsync("engine started", TimeSpan.FromSeconds(30));

        loop.Signal(signal);
        var code = await loop.WaitForExitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(0, code);
        Assert.Contains("engine stopped", loop.Stdout, StringComparison.Ordinal);
        var log = await File.ReadAllLinesAsync(Path.Combine(_scratch.Path, "logs", "engine.log"));
        Assert.Contains(log, l => l.Contains("\"engine started", StringComparison.Ordinal) || l.Contains("engine started: loop", StringComparison.Ordinal));
        Assert.Contains(log, l => l.Contains("\"engine stopped\"", StringComparison.Ordinal));
        Assert.All(log, l => Assert.StartsWith("{", l, StringComparison.Ordinal)); // Serilog JSON, one event per line
    }

    [Fact]
    public async Task Run_UnwritableLogFolder_OneClearLineAndExitTwo()
    {
        var blocker = Path.Combine(_scratch.Path, "file-not-folder");
        await File.WriteAllTextAsync(blocker, "x");

        var (code, _, stderr) = await LoopProcess.RunAsync(_scratch.Path, "run", "--log-dir", Path.Combine(blocker, "logs"));

        Assert.Equal(2, code);
        Assert.Contains("cannot create the log folder", stderr, StringComparison.Ordinal);
        Assert.Contains("--log-dir", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    public void Dispose() => _scratch.Dispose();
}
