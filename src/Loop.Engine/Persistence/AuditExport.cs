using System.Text.Json;
using Akka.Streams;
using Loop.Engine.Output;

namespace Loop.Engine.Persistence;

/// <summary>
/// The journal's audit trail as JSONL, read through Akka.Persistence.Query: one line per command, R-Axis
/// change and lifecycle mark, oldest first, as <c>{"seq":N,"ts":"...","kind":"command",...the event's
/// fields}</c>. The engine stream is never compacted, so the export does not depend on when it ran.
/// </summary>
internal static class AuditExport
{
    public static async Task<long> WriteAsync(ActorSystem system, string path, CancellationToken cancellationToken)
    {
        var folder = Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        var temporary = path + ".partial";
        long written = 0;
        await using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024))
        {
            await using var json = new Utf8JsonWriter(stream, EventsJsonlWriter.WriterOptions);
            await JournalQueries.Of(system)
                .CurrentEventsByPersistenceId(JournalManifests.PersistenceId, 0, long.MaxValue)
                .RunForeach(
                    envelope =>
                    {
                        if (envelope.Event is not JournaledEvent e || !JournalManifests.Audit.Contains(e.Kind))
                        {
                            return;
                        }

                        using var payload = JsonDocument.Parse(e.Json);
                        json.WriteStartObject();
                        json.WriteNumber("seq", envelope.SequenceNr);
                        if (payload.RootElement.TryGetProperty("ts", out var ts))
                        {
                            json.WritePropertyName("ts");
                            ts.WriteTo(json);
                        }

                        json.WriteString("kind", e.Kind);
                        foreach (var property in payload.RootElement.EnumerateObject())
                        {
                            if (!property.NameEquals("ts"u8))
                            {
                                property.WriteTo(json);
                            }
                        }

                        json.WriteEndObject();
                        json.Flush();
                        json.Reset();
                        stream.WriteByte((byte)'\n');
                        written++;
                    },
                    system.Materializer())
                .WaitAsync(cancellationToken)
                .ConfigureAwait(false);
        }

        // Whole or not at all: a reader never sees half an export under the name asked for.
        File.Move(temporary, path, overwrite: true);
        return written;
    }
}
