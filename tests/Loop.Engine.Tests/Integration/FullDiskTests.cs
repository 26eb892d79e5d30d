using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Loop.Engine.Tests.Support;

namespace Loop.Engine.Tests.Integration;

/// <summary>
/// The real engine's output files on a disk that fills up and is freed again (issue 12, item 12): lines
/// are dropped and counted while it is full, /healthz says degraded, writing resumes by itself, and no
/// line is ever left torn.
/// </summary>
public sealed partial class FullDiskTests : IDisposable
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly ScratchDirectory _scratch = new();

    [Fact]
    public async Task LogsDiskFull_LinesDroppedAndCounted_Degraded_ResumesWhenFreed_NoTornLine()
    {
        using var disk = SmallDisk.Mount(Path.Combine(_scratch.Path, "logs"), 512);
        var spec = Path.Combine(_scratch.Path, "spec.yaml");
        await File.WriteAllTextAsync(spec, "exporter: { port: 0 }\nadapters:\n  - { name: a, kind: synthetic, latency_ms: { mean: 2, jitter: 1 } }\n");
        using var loop = LoopProcess.Start(_scratch.Path, "run", "--spec", spec);
        var url = await loop.EndpointAsync();
        var csv = Path.Combine(_scratch.Path, "logs", "metrics.csv");
        await Eventually.AssertAsync(() => Assert.True(RunFiles.Lines(csv).Count > 5), TimeSpan.FromSeconds(20));

        var filler = disk.Fill();
        await Healthz.WaitForAsync(url, HttpStatusCode.ServiceUnavailable, "output logs/metrics.csv", TimeSpan.FromSeconds(20));
        Assert.True(Dropped(await Http.GetStringAsync(url + "/metrics")) > 0);

        File.Delete(filler);
        var rowsWhenFreed = RunFiles.Lines(csv).Count;
        await Healthz.WaitForAsync(url, HttpStatusCode.OK, "ok", TimeSpan.FromSeconds(20));
        await Eventually.AssertAsync(() => Assert.True(RunFiles.Lines(csv).Count > rowsWhenFreed + 5, "metrics.csv did not resume"), TimeSpan.FromSeconds(20));

        loop.Signal("TERM");
        Assert.Equal(0, await loop.WaitForExitAsync(TimeSpan.FromSeconds(30)));

        var header = RunFiles.Lines(csv)[0].Split(',').Length;
        Assert.All(RunFiles.Lines(csv), l => Assert.Equal(header, l.Split(',').Length));
        var events = File.ReadAllLines(Path.Combine(_scratch.Path, "logs", "events.jsonl"));
        Assert.All(events, l => JsonDocument.Parse(l).Dispose()); // every line whole
        Assert.Contains(events, l => l.Contains("\"event\":\"stopped\"", StringComparison.Ordinal));
        var verify = await LoopProcess.RunAsync(_scratch.Path, "verify", "--metrics", "logs/metrics.csv");
        Assert.NotEqual(2, verify.ExitCode); // a readable file, whatever its verdict
    }

    public void Dispose() => _scratch.Dispose();

    private static long Dropped(string metrics) =>
        DroppedLine().Match(metrics) is { Success: true } match ? long.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;

    [GeneratedRegex("resonance_output_dropped_lines_total\\{file=\"logs/metrics.csv\"\\} (\\d+)")]
    private static partial Regex DroppedLine();
}
