using System.Diagnostics;
using Loop.Engine.Tests.Support;

namespace Loop.Engine.Tests.Integration;

/// <summary>A clean stop that takes longer than System.CommandLine's own 2 s allowance still ends cleanly.</summary>
public sealed class SlowStopTests
{
    [Fact]
    public async Task Sigterm_DuringASlowTick_FinishesTheTickAndExitsZero()
    {
        // System.CommandLine ends the process 2 s after SIGTERM unless told otherwise: a node leaving its cluster, or a
        // tick with a long deadline in flight, was cut off mid-stop with exit 143, its journal and acks not flushed.
        using var scratch = new ScratchDirectory();
        var started = Path.Combine(scratch.Path, "started");
        var spec = Path.Combine(scratch.Path, "slow.yaml");
        await File.WriteAllTextAsync(spec, $$"""
            loop: { name: slow, tick_ms: 5000, ticks: 0, deadline_ms: 4500 }
            exporter: { port: 0 }
            adapters:
              - { name: slow, kind: command, command: sh, args: ["-c", "touch '{{started}}'; sleep 3.5"] }
            """);
        using var loop = LoopProcess.Start(scratch.Path, "run", "--spec", spec);
        await loop.EndpointAsync();
        await Eventually.AssertAsync(() => Assert.True(File.Exists(started)), TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(50));

        var stopping = Stopwatch.StartNew();
        loop.Signal("TERM");
        var code = await loop.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.True(code == 0, $"exit {code} after {stopping.Elapsed.TotalSeconds:0.0} s: {loop.Stderr}");
        Assert.True(stopping.Elapsed > TimeSpan.FromSeconds(2.5), $"the stop took {stopping.Elapsed.TotalSeconds:0.0} s: the tick in flight was not waited for, and this test no longer tests the long stop");
        Assert.Contains("\"event\":\"stopped\"", await File.ReadAllTextAsync(Path.Combine(scratch.Path, "logs", "events.jsonl")), StringComparison.Ordinal);
    }
}
