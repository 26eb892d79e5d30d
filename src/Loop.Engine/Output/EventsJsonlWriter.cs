using System.Buffers;
using System.Text.Json;
using Loop.Actors.Loop;
using Loop.Actors.Scheduling;

namespace Loop.Engine.Output;

/// <summary>
/// Writes logs/events.jsonl: one JSON object per line, each with <c>ts</c> (UTC, ISO 8601) and <c>type</c>.
/// Adapter lines: restarting (attempt, delay_ms, reason, reason_class), restarted, parked, revived, added, removed, enabled, disabled
/// (their fields, like r_axis and lifecycle lines', as <see cref="EventFields"/> writes them for the journal too);
/// lifecycle lines: started, stopped, paused, resumed, bus; ack lines come ready-made from the bus.
/// </summary>
internal sealed class EventsJsonlWriter : LineFileWriter
{
    // Readable lines: '+' and '<' stay as they are (the file is not embedded in HTML). Shared with the
    // bus's acks, which are built elsewhere but land in the same file.
    internal static readonly JsonWriterOptions WriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    internal static readonly JsonSerializerOptions SerializerOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    // Lines are built as UTF-8 and gathered as such in the file's buffer: no string round trip.
    private readonly TimeProvider _time;
    private readonly ArrayBufferWriter<byte> _buffer = new(512);
    private bool _flushQueued;

    public EventsJsonlWriter(LineFile file)
        : base(file)
    {
        _time = LoopClock.Of(Context.System);
        Receive<AdapterRestartScheduled>(e => Line("adapter", e.At, json =>
        {
            json.WriteString("adapter", e.Adapter);
            json.WriteString("event", "restarting");
            json.WriteNumber("attempt", e.Attempt);
            json.WriteNumber("delay_ms", (long)e.Delay.TotalMilliseconds);
            json.WriteString("reason", e.Reason);
            EventFields.WriteReasonClass(json, e.ReasonClass);
        }));
        Receive<AdapterStateChanged>(e => e.Event != "backoff", e => Line("adapter", e.At, json => EventFields.Adapter(json, e)));
        Receive<AdapterStateChanged>(_ => { });
        Receive<EngineLifecycle>(e => Line("lifecycle", _time.GetUtcNow(), json => EventFields.Lifecycle(json, e.Event, e.Fields)));
        Receive<Loop.Actors.RAxis.RAxisSignal>(e => Line("r_axis", e.At, json => EventFields.Signal(json, e)));
        Receive<LoopPauseChanged>(e => Line("lifecycle", e.At, json => json.WriteString("event", e.Paused ? "paused" : "resumed")));
        Receive<EventLine>(e =>
        {
            WriteLine(e.Utf8);

            // One flush for a burst of acks: the message goes behind the lines already queued, so it
            // runs once they are written (at once when the bus is quiet, per burst when it is busy).
            if (!_flushQueued)
            {
                _flushQueued = true;
                Self.Tell(FlushQueued.Instance, Self);
            }
        });
        Receive<FlushQueued>(_ =>
        {
            _flushQueued = false;
            FlushLines();
        });
    }

    /// <summary>Writes one line; <paramref name="at"/> is when the event happened, not when it is written.</summary>
    private void Line(string type, DateTimeOffset at, Action<Utf8JsonWriter> fields)
    {
        _buffer.ResetWrittenCount();
        using (var json = new Utf8JsonWriter(_buffer, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("ts", UtcTimestamp.Format(at));
            json.WriteString("type", type);
            fields(json);
            json.WriteEndObject();
        }

        WriteLine(_buffer.WrittenSpan);
        FlushLines();
    }

    /// <summary>Flushes the ack lines written since the last flush.</summary>
    private sealed class FlushQueued
    {
        public static readonly FlushQueued Instance = new();
    }
}
