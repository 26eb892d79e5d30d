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
    private readonly Gauge<int> _journalUp;
    private readonly Counter<long> _outputDropped;

    public EngineMetrics()
    {
        _commands = _meter.CreateCounter<long>("resonance_bus_commands_total", null, "Bus commands by command and result (ok, duplicate, or the error code).");
        _posts = _meter.CreateCounter<long>("resonance_alertmanager_posts_total", null, "Posts to Alertmanager that it accepted.");
        _postFailures = _meter.CreateCounter<long>("resonance_alertmanager_failures_total", null, "Posts to Alertmanager that failed (retried with backoff).");

        _journalUp = _meter.CreateGauge<int>("resonance_journal_up", null, "1 while the journal takes writes, 0 while it is down (commands are refused with journal_unavailable).");
        _journalUp.Record(1);
        _outputDropped = _meter.CreateCounter<long>("resonance_output_dropped_lines_total", null, "Lines of metrics.csv or events.jsonl that could not be written (a full or failing disk) and were dropped.");

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

    public void JournalUp(bool up) => _journalUp.Record(up ? 1 : 0);

    public void OutputDropped(string file, long lines) => _outputDropped.Add(lines, new KeyValuePair<string, object?>("file", file));

    public void AlertsFailed() => _postFailures.Add(1);

    public void Dispose() => _meter.Dispose();
}
