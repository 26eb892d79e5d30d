using System.Text.Json;
using Loop.Actors.Loop;
using Loop.Actors.RAxis;

namespace Loop.Engine.Output;

/// <summary>
/// The fields of an adapter change, an R-Axis signal and a lifecycle mark, written one way for
/// events.jsonl and for the journal (and so for <c>loop journal export</c>): an event reads the same
/// wherever it is found.
/// </summary>
internal static class EventFields
{
    public static void Adapter(Utf8JsonWriter json, AdapterStateChanged e)
    {
        json.WriteString("adapter", e.Adapter);
        json.WriteString("event", e.Event);
        json.WriteString("state", e.State.ToString().ToLowerInvariant());
        json.WriteNumber("restarts", e.Restarts);
        if (e.Reason is not null)
        {
            json.WriteString("reason", e.Reason);
        }

        WriteReasonClass(json, e.ReasonClass);
    }

    /// <summary>
    /// The reason class of the failed result behind an event (<c>status_503</c>, <c>dns_nxdomain</c>: the bounded set
    /// resonance_adapter_results_total's <c>reason</c> label has), next to the free-text reason; left out when there is none.
    /// </summary>
    public static void WriteReasonClass(Utf8JsonWriter json, string? reasonClass)
    {
        if (reasonClass is not null)
        {
            json.WriteString("reason_class", reasonClass);
        }
    }

    public static void Signal(Utf8JsonWriter json, RAxisSignal e)
    {
        json.WriteString("scope", e.Scope);
        json.WriteString("level", RAxisLevelNames.Of(e.Level));
        json.WriteString("previous", RAxisLevelNames.Of(e.Previous));
        json.WriteString("reason", e.Reason);
        WriteReasonClass(json, e.ReasonClass);
        // A change with no measurement behind it (acknowledged, restored from the journal) has none to show: null.
        WriteMeasure(json, "observed", e.Observed);
        WriteMeasure(json, "threshold", e.Threshold);
        if (e.Withdrawn)
        {
            json.WriteBoolean("withdrawn", true); // the adapter left this loop: nothing measured the scope OK
        }

        json.WriteNumber("tick", e.Tick);
    }

    public static void Lifecycle(Utf8JsonWriter json, string @event, IEnumerable<KeyValuePair<string, object?>> fields)
    {
        json.WriteString("event", @event);
        foreach (var (key, value) in fields)
        {
            json.WritePropertyName(key);
            JsonSerializer.Serialize(json, value, EventsJsonlWriter.SerializerOptions);
        }
    }

    /// <summary>
    /// A measurement, rounded to <paramref name="decimals"/>; null when there is none (NaN: not measured yet,
    /// not called yet): events.jsonl, /status and the live feed write "no value" one way.
    /// </summary>
    public static void WriteMeasure(Utf8JsonWriter json, string name, double value, int decimals = 4)
    {
        if (double.IsFinite(value))
        {
            json.WriteNumber(name, Math.Round(value, decimals));
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
