using Loop.Engine.Bus;
using Prometheus;

namespace Loop.Engine.Hosting;

/// <summary>
/// The engine's own metric families (the bus, alerting, the journal, the output files), in the engine's
/// registry beside the loop's: resonance_bus_commands_total{cmd,result}, resonance_alertmanager_posts_total,
/// resonance_alertmanager_failures_total, resonance_journal_up and resonance_output_dropped_lines_total{file}.
/// </summary>
internal sealed class EngineMetrics
{
    private readonly Counter _commands;
    private readonly Counter _posts;
    private readonly Counter _postFailures;
    private readonly Gauge _journalUp;
    private readonly Counter _outputDropped;

    public EngineMetrics(CollectorRegistry registry)
    {
        var metrics = Metrics.WithCustomRegistry(registry);
        metrics.ExemplarBehavior = new ExemplarBehavior(); // none: there is no trace context to take one from
        _commands = metrics.CreateCounter("resonance_bus_commands_total", "Bus commands by command and result (ok, duplicate, or the error code).", "cmd", "result");
        _posts = metrics.CreateCounter("resonance_alertmanager_posts_total", "Posts to Alertmanager that it accepted.");
        _postFailures = metrics.CreateCounter("resonance_alertmanager_failures_total", "Posts to Alertmanager that failed (retried with backoff).");
        _journalUp = metrics.CreateGauge("resonance_journal_up", "1 while the journal takes writes, 0 while it is down (commands are refused with journal_unavailable).");
        _journalUp.Set(1);
        _outputDropped = metrics.CreateCounter(
            "resonance_output_dropped_lines_total", "Lines of metrics.csv or events.jsonl that could not be written (a full or failing disk) and were dropped.", "file");

        // Present at 0 from the first scrape, so increase() and rate() see the first event (issue 12, item 10).
        foreach (var cmd in CommandCatalog.Names)
        {
            _commands.WithLabels(cmd, "ok").Publish();
        }
    }

    /// <summary>Counts one ack. Unknown command names are counted as "unknown" so labels stay few.</summary>
    public void Command(string? cmd, string result, long count = 1) =>
        _commands.WithLabels(cmd is not null && CommandCatalog.Names.Contains(cmd, StringComparer.Ordinal) ? cmd : "unknown", result).Inc(count);

    public void AlertsPosted() => _posts.Inc();

    public void AlertsFailed() => _postFailures.Inc();

    public void JournalUp(bool up) => _journalUp.Set(up ? 1 : 0);

    /// <summary>Counts dropped lines of <paramref name="file"/>; 0 makes its series present from the start.</summary>
    public void OutputDropped(string file, long lines) => _outputDropped.WithLabels(file).Inc(lines);
}
