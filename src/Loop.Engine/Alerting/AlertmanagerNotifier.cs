using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Loop.Actors.RAxis;
using Loop.Actors.Scheduling;
using Loop.Engine.Output;

namespace Loop.Engine.Alerting;

/// <summary>
/// Sends active R-Axis WARN/BLOCK signals to Alertmanager (<c>POST /api/v2/alerts</c>): a raise posts
/// the alert, a level change resolves the old one (<c>endsAt</c> = now), every minute the active ones
/// are posted again (Alertmanager expires alerts it does not hear of for 5 minutes). Alertmanager
/// down: retries with backoff up to a minute, counts the failures, and sends the state as it is then
/// once it answers. Its own actor: the loop never waits for it. A clean stop resolves every active
/// alert (<see cref="ResolveAll"/>): a stopped engine's signals are not known to hold any more, and
/// the dead-man rules in deploy/ say the engine is gone. After it, nothing more is posted.
/// Alert names are <c>ResonanceSignalWarn</c>/<c>ResonanceSignalBlock</c>, apart from the Prometheus rules'
/// names, so an alert always says which path raised it.
/// </summary>
internal sealed class AlertmanagerNotifier : ReceiveActor, IWithTimers
{
    private static readonly TimeSpan Repost = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(1);
    private readonly Dictionary<string, RAxisSignal> _active = new(StringComparer.Ordinal);
    private readonly List<(RAxisSignal Signal, DateTimeOffset EndsAt)> _resolved = [];
    private readonly Uri _alerts;
    private readonly string _engine;
    private readonly HttpClient _http;
    private readonly Hosting.EngineMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly bool _resolveWhatAlertmanagerShows;
    private TimeSpan _backoff = TimeSpan.FromSeconds(1);
    private bool _dirty;
    private bool _retrying;
    private bool _closed;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="alertmanager">Alertmanager's base address.</param>
    /// <param name="engine">The engine label: the loop's name.</param>
    /// <param name="http">The client to post with.</param>
    /// <param name="metrics">The engine's metrics (posts, failures).</param>
    /// <param name="resolveWhatAlertmanagerShows">
    /// On <see cref="ResolveAll"/>, also resolve every alert Alertmanager shows with this engine label: a cluster's
    /// signal board that moved has not posted all of them itself, and the last node's stop must end them all.
    /// </param>
    public AlertmanagerNotifier(Uri alertmanager, string engine, HttpClient http, Hosting.EngineMetrics metrics, bool resolveWhatAlertmanagerShows = false)
    {
        _resolveWhatAlertmanagerShows = resolveWhatAlertmanagerShows;
        _alerts = new Uri(alertmanager, "api/v2/alerts");
        _engine = engine;
        _http = http;
        _metrics = metrics;
        _time = LoopClock.Of(Context.System);
        Receive<RAxisSignal>(OnSignal);
        Receive<RepostActive>(_ => MarkDirty(_active.Count > 0));
        ReceiveAsync<SendNow>(_ => SendAsync());
        ReceiveAsync<ResolveAll>(_ => OnResolveAllAsync());
    }

    /// <summary>Asks the notifier to resolve every active alert now (a clean stop); answered with the same message once Alertmanager has them, or failed.</summary>
    public sealed class ResolveAll
    {
        public static readonly ResolveAll Instance = new();
    }

    protected override void PreStart() =>
        Timers.StartPeriodicTimer(nameof(RepostActive), RepostActive.Instance, Repost, Repost);

    public ITimerScheduler Timers { get; set; } = null!;

    private void OnSignal(RAxisSignal signal)
    {
        if (_closed)
        {
            return; // resolved for a stop: a signal after it (a cluster node's loop still ticks while it leaves) would fire anew
        }

        if (_active.Remove(signal.Scope, out var before))
        {
            _resolved.Add((before, signal.At)); // the old level's alert ends (a WARN that became BLOCK, or a clear)
        }

        if (signal.Level > RAxisLevel.Ok)
        {
            _active[signal.Scope] = signal;
        }

        MarkDirty(true);
    }

    private async Task OnResolveAllAsync()
    {
        var replyTo = Sender;
        var now = _time.GetUtcNow();
        _closed = true;
        foreach (var signal in _active.Values)
        {
            _resolved.Add((signal, now));
        }

        _active.Clear();
        _dirty = _resolved.Count > 0 || _dirty;
        await SendAsync();
        if (_resolveWhatAlertmanagerShows)
        {
            await ResolveWhatAlertmanagerShowsAsync(now);
        }

        replyTo.Tell(ResolveAll.Instance, Self);
    }

    private void MarkDirty(bool dirty)
    {
        if (dirty)
        {
            _dirty = true;
            if (!_retrying)
            {
                Self.Tell(SendNow.Instance, Self);
            }
        }
    }

    private async Task SendAsync()
    {
        if (!_dirty)
        {
            return;
        }

        var payload = new JsonArray();
        foreach (var signal in _active.Values)
        {
            payload.Add(Alert(signal, null));
        }

        foreach (var (signal, endsAt) in _resolved)
        {
            payload.Add(Alert(signal, endsAt));
        }

        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));

            // No ConfigureAwait(false): Akka resumes this handler in the actor's turn, where Self and Timers work.
            using var response = await _http.PostAsJsonAsync(_alerts, payload, timeout.Token);
            response.EnsureSuccessStatusCode();
            _dirty = false;
            _retrying = false;
            _resolved.Clear();
            _backoff = TimeSpan.FromSeconds(1);
            _metrics.AlertsPosted();
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
        {
            _metrics.AlertsFailed();
            Context.System.EventStream.Publish(new AlertmanagerUnavailable(_alerts, ex.Message, _backoff));
            _retrying = true;
            Timers.StartSingleTimer(nameof(SendNow), SendNow.Instance, _backoff);
            _backoff = _backoff * 2 < MaxBackoff ? _backoff * 2 : MaxBackoff;
        }
    }

    /// <summary>Ends every alert Alertmanager still shows with this engine's label (their labels as Alertmanager has them).</summary>
    private async Task ResolveWhatAlertmanagerShowsAsync(DateTimeOffset now)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            var filter = Uri.EscapeDataString($"engine=\"{_engine}\"");
            var shown = await _http.GetFromJsonAsync<JsonArray>(new Uri(_alerts + "?active=true&silenced=true&inhibited=true&filter=" + filter), timeout.Token) ?? [];
            var payload = new JsonArray();
            foreach (var alert in shown.OfType<JsonObject>())
            {
                payload.Add(new JsonObject
                {
                    ["labels"] = alert["labels"]?.DeepClone(),
                    ["annotations"] = alert["annotations"]?.DeepClone(),
                    ["startsAt"] = alert["startsAt"]?.DeepClone(),
                    ["endsAt"] = UtcTimestamp.Format(now),
                });
            }

            if (payload.Count > 0)
            {
                using var response = await _http.PostAsJsonAsync(_alerts, payload, timeout.Token);
                response.EnsureSuccessStatusCode();
                _metrics.AlertsPosted();
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or System.Text.Json.JsonException)
        {
            _metrics.AlertsFailed();
            Context.System.EventStream.Publish(new AlertmanagerUnavailable(_alerts, ex.Message, TimeSpan.Zero));
        }
    }

    private JsonObject Alert(RAxisSignal signal, DateTimeOffset? endsAt)
    {
        var alert = new JsonObject
        {
            ["labels"] = new JsonObject
            {
                ["alertname"] = "ResonanceSignal" + (signal.Level == RAxisLevel.Block ? "Block" : "Warn"),
                ["severity"] = signal.Level == RAxisLevel.Block ? "critical" : "warning",
                ["scope"] = signal.Scope,
                ["level"] = Loop.Actors.RAxis.RAxisLevelNames.Of(signal.Level),
                ["engine"] = _engine,
            },
            ["annotations"] = Annotations(signal),
            ["startsAt"] = UtcTimestamp.Format(signal.At),
        };
        if (endsAt is { } end)
        {
            alert["endsAt"] = UtcTimestamp.Format(end);
        }

        return alert;
    }

    /// <summary>The reason always; observed and threshold when the change was measured (not for one restored or acknowledged).</summary>
    private static JsonObject Annotations(RAxisSignal signal)
    {
        var annotations = new JsonObject { ["reason"] = signal.Reason };
        if (double.IsFinite(signal.Observed) && double.IsFinite(signal.Threshold))
        {
            annotations["observed"] = signal.Observed.ToString("0.####", CultureInfo.InvariantCulture);
            annotations["threshold"] = signal.Threshold.ToString("0.####", CultureInfo.InvariantCulture);
        }

        return annotations;
    }

    private sealed class SendNow
    {
        public static readonly SendNow Instance = new();
    }

    private sealed class RepostActive
    {
        public static readonly RepostActive Instance = new();
    }
}
