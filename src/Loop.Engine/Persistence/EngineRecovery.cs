using System.Text.Json;
using Akka.Streams;
using Loop.Engine.Bus;

namespace Loop.Engine.Persistence;

/// <summary>
/// What the engine starts from, once both journal streams have replayed (<see cref="StateJournal"/>):
/// their states merged, and the acks owed. Commands journaled after the last one events.jsonl shows acked
/// (and after the last clean stop) were applied but not acked when the engine died; they are acked now,
/// once, marked recovered, and not applied again. They are read through Akka.Persistence.Query: the
/// engine stream is never compacted, so they are there even when a snapshot covers them.
/// </summary>
internal static class EngineRecovery
{
    public static async Task<RecoveredEngine> RecoverAsync(ActorSystem system, JournalWriter.RecoveredJournal journal, string eventsPath, TimeProvider time, CancellationToken cancellationToken)
    {
        var (engine, adapters) = (journal.Engine, journal.Adapters);
        var state = EngineState.Merge(engine.State, adapters.State);
        var acked = Math.Max(AckedTail.LastJournalSequence(eventsPath), state.LastStopSequence);
        var owed = new List<byte[]>();
        if (acked < engine.LastSequence)
        {
            var now = time.GetUtcNow();
            await JournalQueries.Of(system)
                .CurrentEventsByPersistenceId(engine.PersistenceId, acked + 1, engine.LastSequence)
                .RunForeach(
                    envelope =>
                    {
                        if (envelope.Event is JournaledEvent { Kind: JournalManifests.Command } command)
                        {
                            using var document = JsonDocument.Parse(command.Json);
                            owed.Add(Ack.Recovered(System.Text.Encoding.UTF8.GetBytes(document.RootElement.GetProperty("ack").GetRawText()), now, envelope.SequenceNr));
                        }
                    },
                    system.Materializer())
                .WaitAsync(cancellationToken)
                .ConfigureAwait(false);
        }

        return new RecoveredEngine(
            state,
            engine.LastSequence,
            engine.SnapshotSequence,
            engine.Replayed + adapters.Replayed,
            owed,
            engine.Elapsed > adapters.Elapsed ? engine.Elapsed : adapters.Elapsed);
    }
}
