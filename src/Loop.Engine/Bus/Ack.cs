using System.Buffers;
using System.Text.Json;
using Loop.Engine.Output;

namespace Loop.Engine.Bus;

/// <summary>
/// Builds one ack line: <c>{"ts":..,"type":"ack","id":..,"cmd":..,"ok":true,"result":{..},"source":"file","line":42}</c>
/// or with <c>"ok":false,"error":{"code":..,"message":..}</c>; a duplicate carries <c>"duplicate":true</c>.
/// </summary>
internal static class Ack
{
    /// <summary>The field recovery looks for in events.jsonl (see <see cref="Persistence.AckedTail"/>).</summary>
    public const string JournalSequence = "journal_seq";

    /// <summary>Gets the field's name as it stands in a line: <c>"journal_seq":</c>.</summary>
    public static readonly byte[] JournalSequenceField = System.Text.Encoding.UTF8.GetBytes($"\"{JournalSequence}\":");

    /// <param name="at">When it was acked.</param>
    /// <param name="command">The command as parsed (id and cmd, when they could be read).</param>
    /// <param name="line">Where it came from.</param>
    /// <param name="source">Which source.</param>
    /// <param name="error">Null when ok.</param>
    /// <param name="result">What the command did: a dictionary, or raw JSON text.</param>
    /// <param name="duplicate">Whether the id was applied before.</param>
    public static byte[] Build(DateTimeOffset at, ParsedCommand command, RawLine line, BusSource source, BusError? error, object? result, bool duplicate)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer, EventsJsonlWriter.WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("ts", UtcTimestamp.Format(at));
            json.WriteString("type", "ack");
            if (command.Id is not null)
            {
                json.WriteString("id", command.Id);
            }

            if (command.Cmd is not null)
            {
                json.WriteString("cmd", command.Cmd);
            }

            json.WriteBoolean("ok", error is null);
            if (duplicate)
            {
                json.WriteBoolean("duplicate", true);
            }

            if (error is not null)
            {
                json.WriteStartObject("error");
                json.WriteString("code", error.Code);
                json.WriteString("message", error.Message);
                json.WriteEndObject();
            }
            else
            {
                json.WritePropertyName("result");
                if (result is string raw)
                {
                    json.WriteRawValue(raw, skipInputValidation: true);
                }
                else
                {
                    JsonSerializer.Serialize(json, result ?? new Dictionary<string, object?>(), EventsJsonlWriter.SerializerOptions);
                }
            }

            json.WriteString("source", BusSourceNames.Of(source));
            json.WriteNumber("line", line.Number);
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// The ack with <c>"journal_seq":N</c> as its last field: the journal event that holds the command,
    /// which recovery looks for in events.jsonl to know what was acked before a crash.
    /// </summary>
    public static byte[] WithJournalSequence(byte[] ack, long sequence)
    {
        Span<byte> digits = stackalloc byte[20];
        System.Buffers.Text.Utf8Formatter.TryFormat(sequence, digits, out var length);
        var field = JournalSequenceField;
        var line = new byte[ack.Length - 1 + 1 + field.Length + length + 1];
        ack.AsSpan(0, ack.Length - 1).CopyTo(line);
        line[ack.Length - 1] = (byte)',';
        field.CopyTo(line.AsSpan(ack.Length));
        digits[..length].CopyTo(line.AsSpan(ack.Length + field.Length));
        line[^1] = (byte)'}';
        return line;
    }

    /// <summary>
    /// An applied command whose journal write failed as it went (the journal went down right then): its
    /// ack says <c>"journal":"pending"</c>, the writer keeps the record and writes it once the journal is back.
    /// </summary>
    public static byte[] WithJournalPending(byte[] ack)
    {
        var field = ",\"journal\":\"pending\"}"u8;
        var line = new byte[ack.Length - 1 + field.Length];
        ack.AsSpan(0, ack.Length - 1).CopyTo(line);
        field.CopyTo(line.AsSpan(ack.Length - 1));
        return line;
    }

    /// <summary>
    /// A command journaled before a crash but not acked: its ack as it was built, now, marked
    /// <c>"recovered":true</c> (it is not applied again: its effect came back with the journal).
    /// </summary>
    public static byte[] Recovered(byte[] stored, DateTimeOffset now, long sequence)
    {
        var ack = System.Text.Json.Nodes.JsonNode.Parse(stored)!.AsObject();
        ack["ts"] = UtcTimestamp.Format(now);
        ack["recovered"] = true;
        ack.Remove(JournalSequence);
        ack[JournalSequence] = sequence;
        return System.Text.Encoding.UTF8.GetBytes(ack.ToJsonString(EventsJsonlWriter.SerializerOptions));
    }
}
