using System.Buffers;
using System.Text.Json;
using Loop.Actors.Loop;
using Loop.Actors.RAxis;
using Loop.Actors.Scheduling;
using Loop.Engine.Output;

namespace Loop.Engine.Live;

/// <summary>
/// Builds the live view's frames from the event stream: at most one per tick and at most
/// <see cref="MaxFramesPerSecond"/> a second, each with the tick's latency, jitter and success rate, the
/// loop's R-Axis level, and only what changed since the last frame (adapters' states, R-Axis signals).
/// Frames are built once, whatever the number of pages; with no page open nothing is built.
/// </summary>
internal sealed class LiveFeedWriter : ReceiveActor
{
    public const int MaxFramesPerSecond = 5;
    private readonly LiveFeed _feed;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, AdapterStateChanged> _changedAdapters = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RAxisSignal> _changedSignals = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RAxisSignal> _standing = new(StringComparer.Ordinal);
    private readonly ArrayBufferWriter<byte> _buffer = new(2048);
    private readonly RestartHeatmap _heatmap = new();
    private long _lastFrame;
    private long _standingBuilt;
    private bool _standingChanged = true;

    public LiveFeedWriter(LiveFeed feed)
    {
        _feed = feed;
        _time = LoopClock.Of(Context.System);
        _lastFrame = _time.GetTimestamp() - _time.TimestampFrequency;
        Receive<TickCompleted>(OnTick);
        Receive<AdapterStateChanged>(e =>
        {
            _changedAdapters[e.Adapter] = e;
            if (e.Event == "restarted")
            {
                _heatmap.Note(e.Adapter, e.At);
                _standingChanged = true;
            }
        });
        Receive<RAxisSignal>(OnSignal);
    }

    private void OnSignal(RAxisSignal signal)
    {
        _changedSignals[signal.Scope] = signal;
        if (signal.Level == RAxisLevel.Ok)
        {
            _standing.Remove(signal.Scope);
        }
        else
        {
            _standing[signal.Scope] = signal;
        }

        _standingChanged = true;
    }

    /// <summary>
    /// Rebuilds what a page that opens now is sent first (the signals standing, the last hour's restarts)
    /// when it changed: before each frame while pages are open, so a page opening after a frame misses
    /// nothing that frame took away; at most once a second while none is, since what changed then stays
    /// for the first page's first frame. Never per event: a storm of 10,000 restarts or signals would
    /// rebuild it 10,000 times.
    /// </summary>
    private void RefreshStanding(bool pagesOpen)
    {
        if (!_standingChanged || (!pagesOpen && _time.GetElapsedTime(_standingBuilt) < TimeSpan.FromSeconds(1)))
        {
            return;
        }

        _feed.SetCurrent(Build(null, _standing.Values, []));
        _standingChanged = false;
        _standingBuilt = _time.GetTimestamp();
    }

    private void OnTick(TickCompleted tick)
    {
        if (_feed.Pages == 0)
        {
            RefreshStanding(pagesOpen: false);
            return; // what changed stays for the first page's first frame
        }

        if (_time.GetElapsedTime(_lastFrame) < TimeSpan.FromSeconds(1.0 / MaxFramesPerSecond) * 0.9)
        {
            return; // what changed stays for the next frame
        }

        RefreshStanding(pagesOpen: true);
        _lastFrame = _time.GetTimestamp();
        _feed.Publish(Build(tick, _changedSignals.Values, _changedAdapters.Values));
        _changedSignals.Clear();
        _changedAdapters.Clear();
    }

    private byte[] Build(TickCompleted? tick, IEnumerable<RAxisSignal> signals, IEnumerable<AdapterStateChanged> adapters)
    {
        _buffer.ResetWrittenCount();
        using (var json = new Utf8JsonWriter(_buffer, EventsJsonlWriter.WriterOptions))
        {
            json.WriteStartObject();
            if (tick is not null)
            {
                json.WriteNumber("tick", tick.Tick);
                json.WriteString("ts", UtcTimestamp.Format(tick.Completed));
                json.WriteNumber("latency_ms", Math.Round(tick.LatencyMs, 3));
                json.WriteNumber("jitter_ms", Math.Round(tick.JitterMs, 3));
                EventFields.WriteMeasure(json, "success_rate", tick.SuccessRate ?? double.NaN);

                json.WriteNumber("due", tick.AdaptersDue);
                json.WriteNumber("ran", tick.AdaptersRan);
                json.WriteBoolean("paused", tick.Paused);
                json.WriteString("loop", RAxisLevelNames.Of(tick.RAxisLoop));
            }
            else
            {
                json.WriteBoolean("standing", true); // every signal not at OK, for a page that opens now
                _heatmap.Write(json, _time.GetUtcNow());
            }

            json.WriteStartArray("signals");
            foreach (var s in signals)
            {
                json.WriteStartObject();
                EventFields.Signal(json, s);
                json.WriteString("since", UtcTimestamp.Format(s.At));
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("adapters");
            foreach (var a in adapters)
            {
                json.WriteStartObject();
                json.WriteString("name", a.Adapter);
                json.WriteString("state", a.State.ToString().ToLowerInvariant());
                json.WriteNumber("restarts", a.Restarts);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return _buffer.WrittenSpan.ToArray();
    }
}
