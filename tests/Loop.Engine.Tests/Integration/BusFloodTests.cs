using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Loop.Engine.Tests.Support;

namespace Loop.Engine.Tests.Integration;

/// <summary>
/// A flood on the bus's sources, on the real engine with its SQLite journal: 10 MB appended to the
/// commands file and, while the file is still being read, 10 MB in one POST /bus. Every line is acked,
/// and the engine's memory does not grow with the flood (issue 15: backpressure end to end, each source
/// read only as fast as the bus takes its lines). Alone: the suite's other engines starving the machine's two
/// cores make the GC collect later, and the peak would measure them.
/// </summary>
[Collection(AloneCollection.Name)]
public sealed class BusFloodTests
{
    private const int LinesPerSource = 40_000; // ~256 B each: ~10 MB per source

    [Fact]
    public async Task TenMegabytesPostedWhileTheFileIsBusy_EveryLineAcked_PeakRssGrowsUnder100MB()
    {
        await using var run = await BusRun.StartAsync();
        await run.WaitForTicksAsync(5);
        var before = PeakRssKb(run.Process.Id);

        run.Append(Lines("f"));
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(3) };
        using var body = new ByteArrayContent(Lines("h"));
        body.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
        using var response = await http.PostAsync(run.Endpoint + "/bus", body);
        var acks = await response.Content.ReadAsStringAsync();
        await Eventually.AssertAsync(() => Assert.Equal(2 * LinesPerSource, AckLines(run)), TimeSpan.FromMinutes(2), TimeSpan.FromMilliseconds(500));
        var after = PeakRssKb(run.Process.Id);

        Assert.Equal(LinesPerSource, acks.Count(static c => c == '\n'));
        Assert.Equal(LinesPerSource, CountOf(acks, "\"ok\":true"));
        var growthMb = (after - before) / 1024.0;
        Assert.True(growthMb < 100, $"peak RSS grew {growthMb:0} MB ({before / 1024} -> {after / 1024} MB) for 20 MB of commands");
    }

    /// <summary>Each line a resume with its own id, padded to ~256 bytes as a real command with args would be.</summary>
    private static byte[] Lines(string prefix)
    {
        var text = new StringBuilder(LinesPerSource * 260);
        var padding = new string('x', 220);
        for (var i = 0; i < LinesPerSource; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $$"""{"id":"{{prefix}}{{i}}-{{padding}}","cmd":"resume"}""").Append('\n');
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>The process's peak resident set (VmHWM), in KiB.</summary>
    private static long PeakRssKb(int pid) =>
        long.Parse(File.ReadAllLines($"/proc/{pid}/status").Single(static l => l.StartsWith("VmHWM:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);

    private static int AckLines(BusRun run)
    {
        using var events = new FileStream(Path.Combine(run.Path, "logs", "events.jsonl"), FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(events);
        var count = 0;
        while (reader.ReadLine() is { } line)
        {
            if (line.Contains("\"type\":\"ack\"", StringComparison.Ordinal))
            {
                count++;
            }
        }

        return count;
    }

    private static int CountOf(string text, string what)
    {
        var count = 0;
        for (var at = text.IndexOf(what, StringComparison.Ordinal); at >= 0; at = text.IndexOf(what, at + what.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
