using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Loop.Engine.Bus;
using Loop.Engine.Journal;

namespace Loop.Engine.Persistence;

/// <summary>
/// Rebuilds the engine's state before the first tick: the latest snapshot, then the events after it.
/// Then, the acks owed: commands journaled after the last one events.jsonl shows acked (and after the
/// last clean stop) were applied but not acked when the engine died; they are acked now, once,
/// marked recovered, and not applied again.
/// </summary>
internal static class EngineRecovery
{
    public static async Task<RecoveredEngine> RecoverAsync(IJournal journal, string eventsPath, TimeProvider time, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var snapshot = await journal.LoadSnapshotAsync(JournalManifests.PersistenceId, cancellationToken).ConfigureAwait(false);
        var state = snapshot is null ? new EngineState() : EngineState.FromJson(snapshot.Payload);
        var from = snapshot?.Sequence ?? 0;
        var last = from;
        long replayed = 0;
        await foreach (var e in journal.ReadAsync(JournalManifests.PersistenceId, from, cancellationToken).ConfigureAwait(false))
        {
            state.Apply(e);
            last = e.Sequence;
            replayed++;
        }

        var acked = Math.Max(AckedTail.LastJournalSequence(eventsPath), state.LastStopSequence);
        var owed = new List<byte[]>();
        if (acked < last)
        {
            // Commands are never compacted, so those after `acked` are all still there even if a snapshot covers them.
            var now = time.GetUtcNow();
            await foreach (var e in journal.ReadAsync(JournalManifests.PersistenceId, acked, cancellationToken).ConfigureAwait(false))
            {
                if (e.Manifest == JournalManifests.Command)
                {
                    using var document = JsonDocument.Parse(e.Payload);
                    owed.Add(Ack.Recovered(Encoding.UTF8.GetBytes(document.RootElement.GetProperty("ack").GetRawText()), now, e.Sequence));
                }
            }
        }

        return new RecoveredEngine(state, last, snapshot?.Sequence ?? 0, replayed, owed, Stopwatch.GetElapsedTime(started));
    }
}
