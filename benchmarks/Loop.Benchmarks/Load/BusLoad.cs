using System.Diagnostics;
using System.Text;
using Loop.Benchmarks.Measurements;

namespace Loop.Benchmarks.Load;

/// <summary>
/// The command bus of the real engine under load (issue 5): ack throughput through POST /bus in
/// batches of 100 and through the tailed file; ack latency at 1,000 commands/s while the adapters
/// tick; tick jitter without and with that load, from the same run's metrics.csv.
/// </summary>
public static class BusLoad
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public static void Run(int adapters, TimeSpan window)
    {
        using var engine = EngineProcess.Start(adapters);
        Endpoint = engine.Endpoint;
        Console.WriteLine($"engine with {adapters} synthetic adapters at {engine.Endpoint}; commands: enable_adapter on a running adapter (a round trip to the loop, an id each)");
        Thread.Sleep(TimeSpan.FromSeconds(5)); // warm-up: JIT, first ticks
        Post(Batch(0, 100)); // warm the bus path

        var quietFrom = TimeProvider.System.GetUtcNow();
        Thread.Sleep(window);
        var quietTo = TimeProvider.System.GetUtcNow();

        var latencies = Paced(1_000, window, adapters, out var loadFrom, out var loadTo);
        var quiet = engine.JitterBetween(quietFrom, quietTo);
        var loaded = engine.JitterBetween(loadFrom, loadTo);
        Console.WriteLine($"ack latency at 1,000 commands/s (one command per POST, 4 clients): {Percentiles.Summary(latencies, " ms")}");
        Console.WriteLine($"tick jitter, no commands:          {Percentiles.Summary(quiet, " ms")}");
        Console.WriteLine($"tick jitter, 1,000 commands/s:     {Percentiles.Summary(loaded, " ms")}");

        foreach (var clients in new[] { 1, 2 })
        {
            var (commands, elapsed) = Throughput(clients, TimeSpan.FromSeconds(10), adapters);
            Console.WriteLine($"POST /bus, batches of 100, {clients} client(s): {commands / elapsed.TotalSeconds:0} commands/s ({commands} in {elapsed.TotalSeconds:0.0} s)");
        }

        var fileRate = FileThroughput(engine, 20_000, adapters);
        Console.WriteLine($"commands file, 20,000 lines appended at once: {fileRate:0} commands/s until the last ack");
    }

    private static string Batch(long first, int count, int adapters = 1)
    {
        var text = new StringBuilder(count * 80);
        for (var i = 0; i < count; i++)
        {
            var n = first + i;
            text.Append("{\"id\":\"b").Append(n).Append("\",\"cmd\":\"enable_adapter\",\"args\":{\"name\":\"s").Append(n % adapters).Append("\"}}\n");
        }

        return text.ToString();
    }

    private static int Post(string body)
    {
        using var response = Http.PostAsync(new Uri(Endpoint + "/bus"), Ndjson(body)).GetAwaiter().GetResult();
        var text = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
        if (!response.IsSuccessStatusCode || text.Contains("\"ok\":false", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("a command failed: " + text[..Math.Min(300, text.Length)]);
        }

        return text.Count(static c => c == '\n');
    }

    private static string Endpoint { get; set; } = string.Empty;

    /// <summary>A body the bus takes (it refuses other content types with 415 since issue 12).</summary>
    private static StringContent Ndjson(string body) => new(body, Encoding.UTF8, "application/x-ndjson");

    /// <summary>Ack latencies of one enable_adapter per POST at <paramref name="perSecond"/> for <paramref name="window"/> against <paramref name="engine"/>.</summary>
    public static List<double> AckLatencies(EngineProcess engine, int perSecond, TimeSpan window, int adapters)
    {
        Endpoint = engine.Endpoint;
        Post(Batch(0, 100)); // warm the bus path
        return Paced(perSecond, window, adapters, out _, out _);
    }

    private static List<double> Paced(int perSecond, TimeSpan window, int adapters, out DateTimeOffset from, out DateTimeOffset to)
    {
        const int Clients = 4;
        var latencies = new List<double>();
        var start = Stopwatch.GetTimestamp();
        var next = 1_000_000L;
        from = TimeProvider.System.GetUtcNow();
        var tasks = Enumerable.Range(0, Clients).Select(client => Task.Run(async () =>
        {
            var mine = new List<double>();
            var interval = TimeSpan.FromSeconds((double)Clients / perSecond);
            for (var i = 0; ; i++)
            {
                var due = TimeSpan.FromTicks(interval.Ticks * i);
                if (due > window)
                {
                    break;
                }

                var wait = due - Stopwatch.GetElapsedTime(start);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait).ConfigureAwait(false);
                }

                var n = Interlocked.Increment(ref next);
                var sent = Stopwatch.GetTimestamp();
                using var response = await Http.PostAsync(new Uri(Endpoint + "/bus"), Ndjson(Batch(n, 1, adapters))).ConfigureAwait(false);
                var text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
                if (!response.IsSuccessStatusCode || !text.Contains("\"ok\":true", StringComparison.Ordinal))
                {
                    throw new InvalidOperationException("a command was not acked ok: " + text[..Math.Min(300, text.Length)]);
                }

                mine.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
            }

            lock (latencies)
            {
                latencies.AddRange(mine);
            }
        })).ToArray();
        Task.WaitAll(tasks);
        to = TimeProvider.System.GetUtcNow();
        return latencies;
    }

    private static (long Commands, TimeSpan Elapsed) Throughput(int clients, TimeSpan duration, int adapters)
    {
        long commands = 0;
        long next = 10_000_000L * clients;
        var watch = Stopwatch.StartNew();
        var tasks = Enumerable.Range(0, clients).Select(_ => Task.Run(() =>
        {
            while (watch.Elapsed < duration)
            {
                var first = Interlocked.Add(ref next, 100) - 100;
                Interlocked.Add(ref commands, Post(Batch(first, 100, adapters)));
            }
        })).ToArray();
        Task.WaitAll(tasks);
        return (commands, watch.Elapsed);
    }

    private static double FileThroughput(EngineProcess engine, int lines, int adapters)
    {
        var before = CountAcks(engine.Events);
        var watch = Stopwatch.StartNew();
        File.AppendAllText(engine.Commands, Batch(50_000_000L, lines, adapters));
        while (CountAcks(engine.Events) < before + lines)
        {
            if (watch.Elapsed > TimeSpan.FromSeconds(120))
            {
                throw new TimeoutException("the file's acks did not all arrive in 120 s");
            }

            Thread.Sleep(5);
        }

        return lines / watch.Elapsed.TotalSeconds;
    }

    private static int CountAcks(string events)
    {
        using var stream = new FileStream(events, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var count = 0;
        while (reader.ReadLine() is { } line)
        {
            if (line.Contains("\"type\":\"ack\"", StringComparison.Ordinal) && line.EndsWith('}'))
            {
                count++;
            }
        }

        return count;
    }
}
