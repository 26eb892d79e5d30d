using System.Diagnostics;
using Loop.Engine.Tests.Support;

namespace Loop.Engine.Tests.Integration;

/// <summary>
/// Spec files and paths a user (or an attacker) can hand the real executable (issue 12, items 13-14):
/// each is one line naming what is wrong, a non-zero exit, quickly: no hang, no stack trace, no crash.
/// </summary>
public sealed class HostileSpecTests : IDisposable
{
    private readonly ScratchDirectory _scratch = new();

    [Theory]
    [InlineData("/dev/zero", "is a device")]
    [InlineData("/tmp", "is a directory")]
    public async Task SpecCheck_NotARegularFile_OneLine(string path, string expected)
    {
        var (code, stdout, stderr) = await TimedAsync("spec", "check", path);

        Assert.Equal(1, code);
        Assert.Contains(expected, stdout, StringComparison.Ordinal);
        Assert.Single(stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.DoesNotContain("   at ", stdout + stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SpecCheck_Fifo_RefusedWithoutOpeningIt()
    {
        var fifo = Path.Combine(_scratch.Path, "spec.fifo");
        MakeFifo(fifo);

        var (code, stdout, _) = await TimedAsync("spec", "check", fifo);

        Assert.Equal(1, code);
        Assert.Contains("named pipe", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SpecCheck_Over1MiB_Refused()
    {
        var big = Path.Combine(_scratch.Path, "big.yaml");
        await File.WriteAllTextAsync(big, "adapters:\n" + string.Concat(Enumerable.Range(0, 40_000).Select(i => $"  - {{ name: a{i}, kind: synthetic }}\n")));
        Assert.True(new FileInfo(big).Length > 1024 * 1024);

        var (code, stdout, _) = await TimedAsync("spec", "check", big);

        Assert.Equal(1, code);
        Assert.Contains("larger than 1024 KiB", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SpecCheck_200000LevelsOfNesting_OneLine_NoStackOverflow()
    {
        var deep = Path.Combine(_scratch.Path, "deep.yaml");
        await File.WriteAllTextAsync(deep, "adapters: " + new string('[', 200_000) + new string(']', 200_000) + "\n");

        var (code, stdout, stderr) = await TimedAsync("spec", "check", deep);

        Assert.Equal(1, code); // not 134 (SIGABRT of a stack overflow)
        Assert.Contains("nested more than 32 levels", stdout, StringComparison.Ordinal);
        Assert.True(stdout.Length + stderr.Length < 1000, "a stack trace came out");
    }

    [Fact]
    public async Task Run_CommandsFileIsAFifo_OneLineExitTwo_NoHang()
    {
        var fifo = Path.Combine(_scratch.Path, "commands.fifo");
        MakeFifo(fifo);
        var spec = Path.Combine(_scratch.Path, "spec.yaml");
        await File.WriteAllTextAsync(spec, $"exporter: {{ port: 0 }}\nbus: {{ commands: {fifo} }}\nadapters: [ {{ name: a, kind: synthetic }} ]\n");

        var (code, stdout, stderr) = await TimedAsync("run", "--spec", spec);

        Assert.Equal(2, code);
        Assert.Contains("bus.commands: '" + fifo + "' is a named pipe", stderr, StringComparison.Ordinal);
        Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Empty(stdout);
    }

    [Fact]
    public async Task SpecCheck_EventsFileIsDevZero_Refused()
    {
        var spec = Path.Combine(_scratch.Path, "spec.yaml");
        await File.WriteAllTextAsync(spec, "exporter: { port: 0 }\nbus: { events: /dev/zero }\nadapters: [ { name: a, kind: synthetic } ]\n");

        var (code, stdout, _) = await TimedAsync("spec", "check", spec);

        Assert.Equal(1, code);
        Assert.Contains("bus.events: '/dev/zero' is a device", stdout, StringComparison.Ordinal);
    }

    public void Dispose() => _scratch.Dispose();

    /// <summary>Runs loop and insists it answers within 15 s (a FIFO or /dev/zero used to hang it for good).</summary>
    private async Task<(int ExitCode, string Stdout, string Stderr)> TimedAsync(params string[] args)
    {
        var watch = Stopwatch.StartNew();
        var result = await LoopProcess.RunAsync(_scratch.Path, args);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(15), $"loop took {watch.Elapsed.TotalSeconds:0.0} s");
        return result;
    }

    private static void MakeFifo(string path)
    {
        using var mkfifo = Process.Start("mkfifo", [path]);
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
    }
}
