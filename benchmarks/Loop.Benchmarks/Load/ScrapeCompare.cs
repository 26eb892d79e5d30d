using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using Loop.Benchmarks.Measurements;

namespace Loop.Benchmarks.Load;

/// <summary>
/// The figures of issue 14 on the real engine, for several builds side by side (rounds interleaved): at
/// 10,000 synthetic adapters, tick jitter and loop latency in a window without scrapes, then in a window
/// with a GET /metrics every second (asking as Prometheus asks: OpenMetrics first, text 0.0.4 after), and
/// how long each scrape took and how big it was. Medians over the rounds.
/// </summary>
public static class ScrapeCompare
{
    // What Prometheus 2.x sends: a build that speaks OpenMetrics answers in it, one that does not answers text.
    private const string PrometheusAccept = "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

    public static void Run(int rounds, TimeSpan window, IReadOnlyList<string> builds) => InterleavedRounds.Run(
        rounds,
        builds,
        build => Measure(build, window),
        static r => string.Create(
            CultureInfo.InvariantCulture,
            $"jitter p99 no scrape {Median(r, static x => x.JitterP99)} ms, scraped {Median(r, static x => x.ScrapedJitterP99)} ms (+{Median(r, static x => x.ScrapedJitterP99 - x.JitterP99)} ms); "
            + $"latency p50 no scrape {Median(r, static x => x.LatencyP50)} ms, scraped {Median(r, static x => x.ScrapedLatencyP50)} ms; "
            + $"latency p99 no scrape {Median(r, static x => x.LatencyP99)} ms, scraped {Median(r, static x => x.ScrapedLatencyP99)} ms; "
            + $"scrape p50 {Median(r, static x => x.ScrapeP50)} ms, {Median(r, static x => x.ScrapeBytes / 1024.0 / 1024)} MiB"));

    private static Round Measure(string build, TimeSpan window)
    {
        using var engine = EngineProcess.Start(10_000, build);
        var (jitter, latency) = engine.Window(window);

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var scrapes = new List<double>();
        long bytes = 0;
        using var stop = new CancellationTokenSource();
        var scraper = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var watch = Stopwatch.StartNew();
                using var request = new HttpRequestMessage(HttpMethod.Get, engine.Endpoint + "/metrics");
                request.Headers.Accept.ParseAdd(PrometheusAccept);
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, stop.Token).ConfigureAwait(false);
                var body = await response.Content.ReadAsByteArrayAsync(stop.Token).ConfigureAwait(false);
                lock (scrapes)
                {
                    scrapes.Add(watch.Elapsed.TotalMilliseconds);
                    bytes = body.Length;
                }

                try
                {
                    var rest = TimeSpan.FromSeconds(1) - watch.Elapsed; // one scrape a second, however long each took
                    await Task.Delay(rest > TimeSpan.Zero ? rest : TimeSpan.Zero, stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        });

        // The window starts 5 s into the scraping (Window's warm-up): steady-state scrapes, not the first.
        var (scrapedJitter, scrapedLatency) = engine.Window(window);
        stop.Cancel();
        try
        {
            scraper.Wait();
        }
        catch (AggregateException e) when (e.InnerException is OperationCanceledException)
        {
        }

        return new Round(
            Percentiles.Of(jitter, 99),
            Percentiles.Of(scrapedJitter, 99),
            Percentiles.Of(latency, 50),
            Percentiles.Of(scrapedLatency, 50),
            Percentiles.Of(latency, 99),
            Percentiles.Of(scrapedLatency, 99),
            Percentiles.Of(scrapes, 50),
            bytes);
    }

    private static string Median(List<Round> rounds, Func<Round, double> figure) =>
        Percentiles.Of(rounds.Select(figure).ToList(), 50).ToString("0.00", CultureInfo.InvariantCulture);

    private sealed record Round(double JitterP99, double ScrapedJitterP99, double LatencyP50, double ScrapedLatencyP50, double LatencyP99, double ScrapedLatencyP99, double ScrapeP50, long ScrapeBytes)
    {
        public override string ToString() => string.Create(
            CultureInfo.InvariantCulture,
            $"jitter p99 {JitterP99:0.000} ms, scraped {ScrapedJitterP99:0.000} ms; latency p50 {LatencyP50:0.00} ms, scraped {ScrapedLatencyP50:0.00} ms; p99 {LatencyP99:0.00} ms, scraped {ScrapedLatencyP99:0.00} ms; scrape p50 {ScrapeP50:0.0} ms, {ScrapeBytes / 1024.0 / 1024:0.00} MiB");
    }
}
