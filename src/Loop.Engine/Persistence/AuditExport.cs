using System.Text;
using System.Text.Json;
using Loop.Engine.Journal;
using Loop.Engine.Output;

namespace Loop.Engine.Persistence;

/// <summary>
/// The journal's audit trail as JSONL: one line per command, R-Axis change and lifecycle mark, oldest
/// first, as <c>{"seq":N,"ts":"...","kind":"command",...the event's fields}</c>. Adapter churn
/// (restarts, parks) is left out: compaction drops it, so an export would depend on when it ran.
/// </summary>
internal static class AuditExport
{
    public static async Task<long> WriteAsync(IJournal journal, string path, CancellationToken cancellationToken)
    {
        var folder = Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        var temporary = path + ".partial";
        long written = 0;
        await using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true))
        {
            await using var json = new Utf8JsonWriter(stream, EventsJsonlWriter.WriterOptions);
            await foreach (var e in journal.ReadAsync(JournalManifests.PersistenceId, 0, cancellationToken).ConfigureAwait(false))
            {
                if (!JournalManifests.Audit.Contains(e.Manifest))
                {
                    continue;
                }

                using var payload = JsonDocument.Parse(e.Payload);
                json.WriteStartObject();
                json.WriteNumber("seq", e.Sequence);
                json.WriteString("ts", UtcTimestamp.Format(e.At));
                json.WriteString("kind", e.Manifest);
                foreach (var property in payload.RootElement.EnumerateObject())
                {
                    property.WriteTo(json);
                }

                json.WriteEndObject();
                await json.FlushAsync(cancellationToken).ConfigureAwait(false);
                json.Reset();
                stream.WriteByte((byte)'\n');
                written++;
            }
        }

        // Whole or not at all: a reader never sees half an export under the name asked for.
        File.Move(temporary, path, overwrite: true);
        return written;
    }
}
