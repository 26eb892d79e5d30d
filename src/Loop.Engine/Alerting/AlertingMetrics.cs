using System.Diagnostics.Metrics;
using Loop.Actors.Telemetry;

namespace Loop.Engine.Alerting;

/// <summary>resonance_alertmanager_posts_total and resonance_alertmanager_failures_total, on the loop's meter name.</summary>
internal sealed class AlertingMetrics : IDisposable
{
    private readonly Meter _meter = new(LoopMetrics.MeterName, "1.0");
    private readonly Counter<long> _posts;
    private readonly Counter<long> _failures;

    public AlertingMetrics()
    {
        _posts = _meter.CreateCounter<long>("resonance_alertmanager_posts_total", null, "Posts to Alertmanager that it accepted.");
        _failures = _meter.CreateCounter<long>("resonance_alertmanager_failures_total", null, "Posts to Alertmanager that failed (retried with backoff).");
    }

    public void Sent(int alerts) => _posts.Add(1);

    public void Failed() => _failures.Add(1);

    public void Dispose() => _meter.Dispose();
}
