using System.Globalization;
using System.Text;
using Loop.Benchmarks.Measurements;

namespace Loop.Benchmarks.Load;

/// <summary>
/// The live web view's cost on the real engine (issue 16): with N synthetic adapters, tick jitter in a
/// window with no page open, then in a window with <c>pages</c> open pages (each a GET /live read as a
/// browser's EventSource would), and the frames those pages got: per second, and bytes each.
/// </summary>
public static class LiveLoad
{
    public static void Run(int adapters, TimeSpan window, int pages, int rounds)
    {
        Console.WriteLine($"live-load: {adapters} adapters, {pages} pages, {window.TotalSeconds:0} s windows, {rounds} rounds, {Environment.ProcessorCount} cores");
        var rises = new List<double>();
        var sizes = new List<double>();
        for (var round = 1; round <= rounds; round++)
        {
            using var engine = EngineProcess.Start(adapters);
            var (quiet, _) = engine.Window(window);
            using var stop = new CancellationTokenSource();
            var readers = Enumerable.Range(0, pages).Select(_ => Task.Run(() => ReadAsync(engine.Endpoint, stop.Token))).ToArray();
            var (watched, _) = engine.Window(window); // starts after Window's warm-up: pages already open
            stop.Cancel();
            var counts = readers.Select(static r => r.GetAwaiter().GetResult()).ToArray();
            var frames = counts.Sum(static c => c.Frames);
            var bytes = counts.Sum(static c => c.Bytes);
            var elapsed = counts.Max(static c => c.Elapsed.TotalSeconds);
            var (q, w) = (Percentiles.Of(quiet, 99), Percentiles.Of(watched, 99));
            rises.Add(w - q);
            sizes.Add(bytes / (double)Math.Max(1, frames));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  round {round}: jitter p99 no page {q:0.000} ms, {pages} pages {w:0.000} ms ({w - q:+0.000;-0.000}); frames {frames / elapsed / pages:0.0}/s a page, {bytes / (double)Math.Max(1, frames):0} bytes each (largest {counts.Max(static c => c.Largest)})"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  medians: jitter rise {Percentiles.Of(rises, 50):0.000} ms, {Percentiles.Of(sizes, 50):0} bytes a frame"));
    }

    /// <summary>One page: reads frames until stopped (the first, the standing signals, is not counted).</summary>
    private static async Task<(long Frames, long Bytes, int Largest, TimeSpan Elapsed)> ReadAsync(string endpoint, CancellationToken stop)
    {
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var started = System.Diagnostics.Stopwatch.StartNew();
        long frames = 0, bytes = 0;
        var largest = 0;
        try
        {
            await using var stream = await http.GetStreamAsync(endpoint + "/live", stop).ConfigureAwait(false);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            while (await reader.ReadLineAsync(stop).ConfigureAwait(false) is { } line)
            {
                if (!line.StartsWith("data: ", StringComparison.Ordinal) || line.Contains("\"standing\":true", StringComparison.Ordinal))
                {
                    continue;
                }

                var size = Encoding.UTF8.GetByteCount(line) + 2; // with its "\n\n"
                frames++;
                bytes += size;
                largest = Math.Max(largest, size);
            }
        }
        catch (OperationCanceledException)
        {
            // the window ended
        }

        return (frames, bytes, largest, started.Elapsed);
    }
}
