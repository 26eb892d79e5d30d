using Loop.Engine.Journal;
using Loop.Engine.Output;

namespace Loop.Engine.Hosting;

/// <summary>What the host says about the journal at start: what recovery gave back, in the log and in events.jsonl.</summary>
internal sealed partial class EngineHost
{
    /// <summary>Says what the journal gave back, or that it starts empty.</summary>
    private void LogRecovery()
    {
        var r = _recovered!;
        var log = _log!; // set in OpenAsync, before the actors start
        foreach (var warning in r.Warnings)
        {
            log.Warning("{Warning}", warning);
        }

        var where = $"{_spec.Storage.Provider} {_database.Where}";
        if (!r.Engine.FoundAnything)
        {
            log.Information("journal: {Journal}, empty; starting as the spec says", where);
            return;
        }

        var s = r.Engine.State;
        var loop = r.Options.Recovery!;
        var parts = new List<string>
        {
            $"{r.Options.Adapters.Count} adapters ({s.Added.Count} added, {s.Removed.Count(n => _spec.Adapters.Any(a => a.Name == n))} of the spec's removed, {loop.Disabled.Count} disabled, {loop.Parked.Count} parked)",
            loop.Paused ? "paused" : "not paused",
            $"{r.AppliedIds.Count} command ids remembered",
        };
        if (s.TickMs is { } tick)
        {
            parts.Add($"tick {tick} ms (set_tick)");
        }

        parts.AddRange(loop.Levels.Select(static l => $"{l.Key} at {Loop.Actors.RAxis.RAxisLevelNames.Of(l.Value)}"));
        if (r.Engine.Acks.Count > 0)
        {
            parts.Add($"{r.Engine.Acks.Count} commands journaled but not acked before the crash, acked now (recovered)");
        }

        log.Information(
            "journal: {Journal}, recovered in {Ms} ms from snapshot {Snapshot} + {Replayed} events (last {Last}): {What}",
            where,
            Math.Round(r.Engine.Elapsed.TotalMilliseconds, 1),
            r.Engine.SnapshotSequence,
            r.Engine.Replayed,
            r.Engine.LastSequence,
            string.Join(", ", parts));
        _events.Tell(new EngineLifecycle("recovered", new Dictionary<string, object?>
        {
            ["snapshot"] = r.Engine.SnapshotSequence,
            ["replayed"] = r.Engine.Replayed,
            ["last_sequence"] = r.Engine.LastSequence,
            ["ms"] = Math.Round(r.Engine.Elapsed.TotalMilliseconds, 1),
            ["adapters"] = r.Options.Adapters.Select(static a => a.Name).ToArray(),
            ["paused"] = loop.Paused,
            ["acks_owed"] = r.Engine.Acks.Count,
        }), ActorRefs.NoSender);
    }
}
