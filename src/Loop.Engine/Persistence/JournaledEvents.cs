using System.Buffers;
using System.Text.Json;
using Loop.Actors.Loop;
using Loop.Actors.RAxis;
using Loop.Engine.Output;

namespace Loop.Engine.Persistence;

/// <summary>Builds the journal's events: the fields events.jsonl has for the same thing (EventFields), after their time.</summary>
internal static class JournaledEvents
{
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? _buffer;

    public static JournaledEvent Command(CommandRecord r, DateTimeOffset at) => Build(JournalManifests.Command, at, json =>
    {
        if (r.Id is not null)
        {
            json.WriteString("id", r.Id);
        }

        if (r.Cmd is not null)
        {
            json.WriteString("cmd", r.Cmd);
        }

        json.WriteBoolean("applied", r.Applied);
        if (r.Args.ValueKind == JsonValueKind.Object)
        {
            json.WritePropertyName("args");
            r.Args.WriteTo(json);
        }

        if (r.Offset is { } offset)
        {
            json.WriteNumber("offset", offset);
        }

        json.WriteNumber("line", r.Line);
        json.WritePropertyName("ack");
        json.WriteRawValue(r.Ack, skipInputValidation: true);
    });

    public static JournaledEvent Adapter(AdapterStateChanged e, DateTimeOffset at) => Build(JournalManifests.Adapter, at, json => EventFields.Adapter(json, e));

    public static JournaledEvent Signal(RAxisSignal e, DateTimeOffset at) => Build(JournalManifests.RAxis, at, json => EventFields.Signal(json, e));

    public static JournaledEvent Lifecycle(string @event, IReadOnlyDictionary<string, object?> fields, DateTimeOffset at) =>
        Build(JournalManifests.Lifecycle, at, json => EventFields.Lifecycle(json, @event, fields));

    /// <summary>What the cluster keeps of an adapter's state (<see cref="JournalManifests.Carry"/>).</summary>
    public static JournaledEvent Carry(string adapter, AdapterCarry carry, DateTimeOffset at) => Build(JournalManifests.Carry, at, json =>
    {
        json.WriteString("adapter", adapter);
        json.WriteBoolean("disabled", carry.Disabled);
        json.WriteBoolean("parked", carry.Parked);
        json.WriteNumber("restarts", carry.Restarts);
        if (carry.Removed)
        {
            json.WriteBoolean("removed", true);
        }
    });

    /// <summary>An adapter added to the cluster at run time, with its spec (<see cref="JournalManifests.Admitted"/>).</summary>
    public static JournaledEvent Admitted(string adapter, string spec, DateTimeOffset at) => Build(JournalManifests.Admitted, at, json =>
    {
        json.WriteString("adapter", adapter);
        json.WritePropertyName("spec");
        json.WriteRawValue(spec); // validated: it crossed nodes as a string
    });

    /// <summary>A command id the cluster applied (<see cref="JournalManifests.Claim"/>).</summary>
    public static JournaledEvent Claim(string id, DateTimeOffset at) => Build(JournalManifests.Claim, at, json => json.WriteString("id", id));

    /// <summary>An adapter's history starts over (null: every restart count is zeroed).</summary>
    public static JournaledEvent Forget(string? adapter, DateTimeOffset at) => Build(JournalManifests.Forget, at, json =>
    {
        if (adapter is not null)
        {
            json.WriteString("adapter", adapter);
        }
    });

    /// <summary>What a command that took effect did to the adapters' history, if anything: the adapter it forgets, or every restart count.</summary>
    public static bool Forgets(CommandRecord r, out string? adapter)
    {
        adapter = null;
        if (!r.Applied || r.Args.ValueKind is not (JsonValueKind.Object or JsonValueKind.Undefined))
        {
            return false;
        }

        switch (r.Cmd)
        {
            case "reset_metrics":
                return true;
            case "remove_adapter":
                adapter = r.Args.GetProperty("name").GetString();
                return adapter is not null;
            case "add_adapter":
                var spec = r.Args.TryGetProperty("spec", out var inner) && inner.ValueKind == JsonValueKind.Object ? inner : r.Args;
                adapter = spec.GetProperty("name").GetString();
                return adapter is not null;
            default:
                return false;
        }
    }

    private static JournaledEvent Build(string kind, DateTimeOffset at, Action<Utf8JsonWriter> fields)
    {
        var buffer = _buffer ??= new ArrayBufferWriter<byte>(512);
        buffer.ResetWrittenCount();
        using (var json = new Utf8JsonWriter(buffer, EventsJsonlWriter.WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("ts", UtcTimestamp.Format(at));
            fields(json);
            json.WriteEndObject();
        }

        return new JournaledEvent(kind, buffer.WrittenSpan.ToArray());
    }
}
