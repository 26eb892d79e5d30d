namespace Loop.Benchmarks.Load;

/// <summary>Measuring windows of the engine's ticks, as metrics.csv records them.</summary>
public sealed partial class EngineProcess
{
    /// <summary>Waits for the first tick and a 5 s warm-up, then returns jitter and latency of the ticks of the next <paramref name="window"/>.</summary>
    public (List<double> Jitter, List<double> Latency) Window(TimeSpan window)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (Ticks().Count == 0)
        {
            if (waited.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new InvalidOperationException("no tick within 60 s");
            }

            Thread.Sleep(20);
        }

        Thread.Sleep(TimeSpan.FromSeconds(5));
        var from = Ticks()[^1].Tick;
        Thread.Sleep(window);
        var rows = Ticks().Where(t => t.Tick > from).ToList();
        return (rows.Select(static t => t.JitterMs).ToList(), rows.Select(static t => t.LatencyMs).ToList());
    }
}
