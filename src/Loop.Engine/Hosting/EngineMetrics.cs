using System.Diagnostics.Metrics;
using Loop.Actors.Telemetry;
using Loop.Engine.Bus;

namespace Loop.Engine.Hosting;

/// <summary>
/// The engine's own instruments (the bus, alerting), on one Meter with the loop's meter name, so the
/// same collector serves them: resonance_bus_commands_total{cmd,result},
/// resonance_alertmanager_posts_total and resonance_alertmanager_failures_total.
/// </summary>
internal sealed class EngineMetrics : IDisposable
{
    private readonly Meter _meter = new(LoopMetrics.MeterName, "1.0");
    private readonly Counter<long> _commands;
    private readonly Counter<long> _posts;
    private readonly Counter<long> _postFailures;

    public EngineMetrics()
    {
        _commands = _meter.CreateCounter<long>("resonance_bus_commands_total", null, "Bus commands by command and result (ok, duplicate, or the error code).");
        _posts = _meter.CreateCounter<long>("resonance_alertmanager_posts_total", null, "Posts to Alertmanager that it accepted.");
        _postFailures = _meter.CreateCounter<long>("resonance_alertmanager_failures_total", null, "Posts to Alertmanager that failed (retried with backoff).");

        // Present at 0 from the first scrape, so increase() and rate() see the first event (issue 12, item 10).
        foreach (var cmd in CommandCatalog.Names)
        {
            Command(cmd, "ok", 0);
        }

        _posts.Add(0);
        _postFailures.Add(0);
    }

    /// <summary>Counts one ack. Unknown command names are counted as "unknown" so labels stay few.</summary>
    public void Command(string? cmd, string result, long count = 1) => _commands.Add(
        count,
        new KeyValuePair<string, object?>("cmd", cmd is not null && CommandCatalog.Names.Contains(cmd, StringComparer.Ordinal) ? cmd : "unknown"),
        new KeyValuePair<string, object?>("result", result));

    public void AlertsPosted() => _posts.Add(1);

    public void AlertsFailed() => _postFailures.Add(1);

    public void Dispose() => _meter.Dispose();
}
