using System.Globalization;
using Loop.Benchmarks.Measurements;

namespace Loop.Benchmarks.Load;

/// <summary>
/// The figures of issue 13, for several builds of the real engine side by side (rounds interleaved, so
/// a noisy neighbour hits every build alike): tick start vs due and loop latency at 1,000 and 10,000
/// synthetic adapters, start to first tick at 10,000, resident memory per adapter (10,000 vs 1,000),
/// and bus ack latency at 1,000 commands/s with the journal on. Medians over the rounds.
/// </summary>
public static class EngineCompare
{
    public static void Run(int rounds, TimeSpan window, IReadOnlyList<string> builds) => InterleavedRounds.Run(
        rounds,
        builds,
        build => Measure(build, window),
        static r => string.Create(
            CultureInfo.InvariantCulture,
            $"1k jitter p50 {Median(r, static x => x.Jitter1kP50):0.000} ms, p99 {Median(r, static x => x.Jitter1kP99):0.000} ms, min {r.Min(static x => x.Jitter1kMin):0.000} ms; "
            + $"latency p99 1k {Median(r, static x => x.Latency1kP99):0.00} ms, 10k {Median(r, static x => x.Latency10kP99):0.00} ms; "
            + $"start to first tick 10k {Median(r, static x => x.FirstTick10kMs):0} ms; RSS per adapter {Median(r, static x => x.BytesPerAdapter) / 1024:0.00} KiB; "
            + $"bus ack p50 {Median(r, static x => x.AckP50):0.00} ms, p99 {Median(r, static x => x.AckP99):0.00} ms"));

    private static Round Measure(string build, TimeSpan window)
    {
        double jitterP50, jitterP99, jitterMin, latency1k, ackP50, ackP99;
        long rss1k;
        using (var engine = EngineProcess.Start(1_000, build))
        {
            var (jitter, latency) = engine.Window(window);
            (jitterP50, jitterP99, jitterMin, latency1k) = (Percentiles.Of(jitter, 50), Percentiles.Of(jitter, 99), jitter.Min(), Percentiles.Of(latency, 99));
            rss1k = engine.ResidentBytes;
            var acks = BusLoad.AckLatencies(engine, 1_000, TimeSpan.FromSeconds(10), 1_000);
            (ackP50, ackP99) = (Percentiles.Of(acks, 50), Percentiles.Of(acks, 99));
        }

        using (var engine = EngineProcess.Start(10_000, build))
        {
            var (_, latency) = engine.Window(window);
            var first = engine.Ticks()[0];
            var firstTickMs = first.DueMs + first.JitterMs - engine.LaunchedAt.ToUnixTimeMilliseconds();
            var perAdapter = (engine.ResidentBytes - rss1k) / 9_000.0;
            return new Round(jitterP50, jitterP99, jitterMin, latency1k, Percentiles.Of(latency, 99), firstTickMs, perAdapter, ackP50, ackP99);
        }
    }

    private static double Median(List<Round> rounds, Func<Round, double> figure) => Percentiles.Of(rounds.Select(figure).ToList(), 50);

    private sealed record Round(double Jitter1kP50, double Jitter1kP99, double Jitter1kMin, double Latency1kP99, double Latency10kP99, double FirstTick10kMs, double BytesPerAdapter, double AckP50, double AckP99)
    {
        public override string ToString() => string.Create(
            CultureInfo.InvariantCulture,
            $"jitter 1k p50/p99/min {Jitter1kP50:0.000}/{Jitter1kP99:0.000}/{Jitter1kMin:0.000} ms, latency p99 1k {Latency1kP99:0.00} ms 10k {Latency10kP99:0.00} ms, first tick 10k {FirstTick10kMs:0} ms, {BytesPerAdapter / 1024:0.00} KiB/adapter, ack p50/p99 {AckP50:0.00}/{AckP99:0.00} ms");
    }
}
