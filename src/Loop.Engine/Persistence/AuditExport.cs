using System.Text.Json;
using Akka.Streams;
using Loop.Engine.Output;

namespace Loop.Engine.Persistence;

/// <summary>
/// The journal's audit trail as JSONL, read through Akka.Persistence.Query: one line per command, R-Axis
/// change and lifecycle mark, oldest first, as <c>{"seq":N,"ts":"...","kind":"command",...the event's
/// fields}</c>. The engine stream is never compacted, so the export does not depend on when it ran.
/// A cluster's journal has one engine stream per node (<c>engine@host:port</c>): each is exported after the
/// single engine's, node by node, each oldest first, and its lines carry <c>"node":"host:port"</c> after <c>seq</c>.
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
            var journal = JournalQueries.Of(system);
            var materializer = system.Materializer();
            foreach (var (id, node) in await EngineStreamsAsync(system, cancellationToken).ConfigureAwait(false))
            {
                await journal.CurrentEventsByPersistenceId(id, 0, long.MaxValue)
                    .RunForeach(
                        envelope =>
                        {
                            if (envelope.Event is not JournaledEvent e || !JournalManifests.Audit.Contains(e.Kind))
                            {
                                return;
                            }

                            WriteLine(json, envelope.SequenceNr, node, e);
                            stream.WriteByte((byte)'\n');
                            written++;
                        },
                        materializer)
                    .WaitAsync(cancellationToken)
                    .ConfigureAwait(false);
            }
        }

        // Whole or not at all: a reader never sees half an export under the name asked for.
        File.Move(temporary, path, overwrite: true);
        return written;
    }

    /// <summary>The engine streams in the journal: the single engine's first, then each node's, by node.</summary>
    private static async Task<List<(string Id, string? Node)>> EngineStreamsAsync(ActorSystem system, CancellationToken cancellationToken)
    {
        var prefix = JournalManifests.On(JournalManifests.PersistenceId, string.Empty);
        var ids = await JournalQueries.PersistenceIdsAsync(system, cancellationToken).ConfigureAwait(false);
        return [.. ids.Where(id => id == JournalManifests.PersistenceId || id.StartsWith(prefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(id => (id, id == JournalManifests.PersistenceId ? (string?)null : id[prefix.Length..]))];
    }

    private static void WriteLine(Utf8JsonWriter json, long sequenceNr, string? node, JournaledEvent e)
    {
        using var payload = JsonDocument.Parse(e.Json);
        json.WriteStartObject();
        json.WriteNumber("seq", sequenceNr);
        if (node is not null)
        {
            json.WriteString("node", node);
        }

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
    }
}
