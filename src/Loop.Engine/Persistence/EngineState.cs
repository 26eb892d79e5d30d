using System.Text.Json;
using Loop.Actors.Loop;
using Loop.Actors.RAxis;

namespace Loop.Engine.Persistence;

/// <summary>
/// What must survive a crash (DESIGN.md: Storage), folded from the journal's events: applied command
/// ids, the commands file's offset, the adapter set's changes, the operator's pause and tick, restart
/// counts, parked adapters and R-Axis levels. Each journal stream (<see cref="StateJournal"/>) folds its
/// own events into one, snapshots it, and rebuilds it on recovery from the latest snapshot and the
/// events after it; the host merges the streams' states (<see cref="Merge"/>) to start from.
/// </summary>
/// <remarks>
/// Commands decide what operators decided (the adapter set, disabled, pause, tick); the loop's own
/// events decide what the loop did (restarts, parked, levels). So the order in which a command and a
/// loop event that raced it reach the journal does not change the result.
/// </remarks>
internal sealed class EngineState
{
    /// <summary>Gets the ids of the latest applied commands (storage.dedupe_ids of them), oldest first.</summary>
    public Bus.RecentIds AppliedIds { get; init; } = new();

    /// <summary>Gets or sets the byte offset just after the last commands-file line the bus acked; null before the first.</summary>
    public long? FileOffset { get; set; }

    /// <summary>Gets or sets that line's number.</summary>
    public long FileLine { get; set; }

    /// <summary>Gets the adapters added at run time, in the order added: name to its spec as JSON.</summary>
    public List<KeyValuePair<string, string>> Added { get; init; } = [];

    /// <summary>Gets the adapters removed at run time and not added back (a spec adapter of such a name stays out).</summary>
    public HashSet<string> Removed { get; init; } = new(StringComparer.Ordinal);

    public HashSet<string> Disabled { get; init; } = new(StringComparer.Ordinal);

    public bool Paused { get; set; }

    /// <summary>Gets or sets the tick set by set_tick; null keeps the spec's.</summary>
    public int? TickMs { get; set; }

    public Dictionary<string, long> Restarts { get; init; } = new(StringComparer.Ordinal);

    public HashSet<string> Parked { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Gets each scope above OK and its level name (WARN, BLOCK).</summary>
    public Dictionary<string, string> Levels { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Gets or sets the sequence of the last clean stop: every command before it was acked.</summary>
    public long LastStopSequence { get; set; }

    /// <summary>Folds one journaled event in.</summary>
    /// <param name="e">The event.</param>
    /// <param name="sequence">Its sequence number in its stream.</param>
    public void Apply(JournaledEvent e, long sequence)
    {
        using var document = JsonDocument.Parse(e.Json);
        var root = document.RootElement;
        switch (e.Kind)
        {
            case JournalManifests.Command:
                ApplyCommand(
                    Text(root, "id"),
                    Text(root, "cmd"),
                    root.TryGetProperty("applied", out var applied) && applied.GetBoolean(),
                    root.TryGetProperty("args", out var args) ? args : default,
                    root.TryGetProperty("offset", out var offset) && offset.ValueKind == JsonValueKind.Number ? offset.GetInt64() : null,
                    root.TryGetProperty("line", out var line) ? line.GetInt64() : 0);
                break;
            case JournalManifests.Adapter:
                ApplyAdapter(Text(root, "adapter")!, Enum.Parse<AdapterState>(Text(root, "state")!, ignoreCase: true), root.GetProperty("restarts").GetInt64());
                break;
            case JournalManifests.RAxis:
                ApplyLevel(Text(root, "scope")!, RAxisLevelNames.Parse(Text(root, "level")) ?? RAxisLevel.Ok);
                break;
            case JournalManifests.Lifecycle:
                ApplyLifecycle(root, sequence);
                break;
            case JournalManifests.Forget:
                ApplyForget(Text(root, "adapter"));
                break;
            case JournalManifests.Claim:
                ApplyClaim(Text(root, "id")!);
                break;
            case JournalManifests.Carry:
                ApplyCarry(Text(root, "adapter")!, new AdapterCarry(
                    root.GetProperty("disabled").GetBoolean(),
                    root.GetProperty("parked").GetBoolean(),
                    root.GetProperty("restarts").GetInt64(),
                    root.TryGetProperty("removed", out var removed) && removed.GetBoolean()));
                break;
            case JournalManifests.Admitted:
                ApplyAdmitted(Text(root, "adapter")!, root.GetProperty("spec").GetRawText());
                break;
        }
    }

    /// <summary>A command the bus acked (see <see cref="CommandRecord"/>).</summary>
    public void ApplyCommand(string? id, string? cmd, bool applied, JsonElement args, long? offset, long line)
    {
        if (offset is { } end)
        {
            FileOffset = end;
            FileLine = line;
        }

        if (!applied)
        {
            return;
        }

        if (id is not null && !Bus.CommandCatalog.IsReadOnly(cmd))
        {
            AppliedIds.Add(id);
        }

        switch (cmd)
        {
            case "pause":
                Paused = true;
                break;
            case "resume":
                Paused = false;
                break;
            case "set_tick":
                TickMs = args.GetProperty("tick_ms").GetInt32();
                break;
            case "add_adapter":
                var spec = args.TryGetProperty("spec", out var inner) && inner.ValueKind == JsonValueKind.Object ? inner : args;
                var added = spec.GetProperty("name").GetString()!;
                Forget(added);
                Removed.Remove(added);
                ApplyAdmitted(added, spec.GetRawText());
                break;
            case "remove_adapter":
                var removed = Name(args);
                Forget(removed);
                Added.RemoveAll(a => a.Key == removed);
                Removed.Add(removed); // the spec's adapter of that name stays out too
                break;
            case "disable_adapter":
                Disabled.Add(Name(args));
                break;
            case "enable_adapter":
                Disabled.Remove(Name(args));
                break;
            case "reset_metrics":
                Restarts.Clear();
                break;
        }
    }

    /// <summary>
    /// The lifecycle event in which a cluster's bus records the loop settings every node keeps (paused, the tick), for
    /// nodes that join later (the cluster's own stream, <c>engine@cluster</c>).
    /// </summary>
    public const string ClusterLoopEvent = "cluster_loop";

    /// <summary>
    /// A lifecycle mark: <c>stopped</c> (a clean stop: every command before it was acked), <c>tailing</c> (where a
    /// first tail of the commands file started: the resume point until a line of it is acked) or
    /// <see cref="ClusterLoopEvent"/> (the cluster's pause and tick).
    /// </summary>
    private void ApplyLifecycle(JsonElement root, long sequence)
    {
        switch (Text(root, "event"))
        {
            case "stopped":
                LastStopSequence = sequence;
                break;
            case "tailing" when FileOffset is null && root.TryGetProperty("commands_offset", out var offset) && offset.ValueKind == JsonValueKind.Number:
                FileOffset = offset.GetInt64();
                FileLine = 0;
                break;
            case ClusterLoopEvent:
                ApplyClusterLoop(
                    root.TryGetProperty("paused", out var paused) && paused.ValueKind == JsonValueKind.True,
                    root.TryGetProperty("tick_ms", out var tick) && tick.ValueKind == JsonValueKind.Number ? tick.GetInt32() : null);
                break;
        }
    }

    /// <summary>The cluster's loop settings as its bus recorded them (<see cref="ClusterLoopEvent"/>).</summary>
    public void ApplyClusterLoop(bool paused, int? tickMs)
    {
        Paused = paused;
        TickMs = tickMs;
    }

    /// <summary>An adapter's state as the loop announced it.</summary>
    public void ApplyAdapter(string adapter, AdapterState state, long restarts)
    {
        Restarts[adapter] = restarts;
        switch (state)
        {
            case AdapterState.Parked:
                Parked.Add(adapter);
                break;
            case AdapterState.Disabled:
                break; // a parked adapter disabled stays parked underneath
            default:
                Parked.Remove(adapter);
                break;
        }
    }

    /// <summary>What a cluster keeps of an adapter (<see cref="JournalManifests.Carry"/>): its state, whole. As the ledger does, a removed one added at run time is gone.</summary>
    public void ApplyCarry(string adapter, AdapterCarry carry)
    {
        Forget(adapter);
        if (carry.Removed)
        {
            Removed.Add(adapter);
            Added.RemoveAll(a => a.Key == adapter);
        }
        else
        {
            Removed.Remove(adapter);
        }
        if (carry.Disabled)
        {
            Disabled.Add(adapter);
        }

        if (carry.Parked)
        {
            Parked.Add(adapter);
        }

        if (carry.Restarts != 0)
        {
            Restarts[adapter] = carry.Restarts;
        }
    }

    /// <summary>An adapter added at run time (add_adapter; on a cluster, <see cref="JournalManifests.Admitted"/>): its latest spec is the one kept.</summary>
    public void ApplyAdmitted(string adapter, string spec)
    {
        Added.RemoveAll(a => a.Key == adapter);
        Added.Add(new(adapter, spec));
    }

    /// <summary>A command id the cluster applied (<see cref="JournalManifests.Claim"/>): a duplicate on any node from now on.</summary>
    public void ApplyClaim(string id) => AppliedIds.Add(id);

    /// <summary>What a cluster keeps of its adapters, folded from <see cref="ApplyCarry"/>: the ledger's starting point.</summary>
    public IEnumerable<KeyValuePair<string, AdapterCarry>> Carries() => AdapterCarry.Gather(Disabled, Parked, Restarts, Removed);

    /// <summary>
    /// What a command did to the adapters' history, journaled in the adapters' own stream: an adapter
    /// added or removed starts over (<paramref name="adapter"/>), reset_metrics zeroes every restart count (null).
    /// </summary>
    public void ApplyForget(string? adapter)
    {
        if (adapter is null)
        {
            Restarts.Clear();
        }
        else
        {
            Forget(adapter);
        }
    }

    /// <summary>
    /// The engine's state from its two streams: what operators decided and what the R-Axis said
    /// (<paramref name="engine"/>), and what the loop did to its adapters (<paramref name="adapters"/>).
    /// </summary>
    public static EngineState Merge(EngineState engine, EngineState adapters)
    {
        var merged = engine.Copy();
        merged.Restarts.Clear();
        merged.Parked.Clear();
        foreach (var (adapter, restarts) in adapters.Restarts)
        {
            merged.Restarts[adapter] = restarts;
        }

        merged.Parked.UnionWith(adapters.Parked);
        return merged;
    }

    /// <summary>A copy that does not change when this one does (what a stream hands over after recovery, and goes on folding into).</summary>
    public EngineState Copy() => new()
    {
        AppliedIds = AppliedIds.Copy(),
        FileOffset = FileOffset,
        FileLine = FileLine,
        Added = [.. Added],
        Removed = new HashSet<string>(Removed, StringComparer.Ordinal),
        Disabled = new HashSet<string>(Disabled, StringComparer.Ordinal),
        Paused = Paused,
        TickMs = TickMs,
        Restarts = new Dictionary<string, long>(Restarts, StringComparer.Ordinal),
        Parked = new HashSet<string>(Parked, StringComparer.Ordinal),
        Levels = new Dictionary<string, string>(Levels, StringComparer.Ordinal),
        LastStopSequence = LastStopSequence,
    };

    public void ApplyLevel(string scope, RAxisLevel level)
    {
        if (level == RAxisLevel.Ok)
        {
            Levels.Remove(scope);
        }
        else
        {
            Levels[scope] = RAxisLevelNames.Of(level);
        }
    }

    /// <summary>The loop's starting point: what this state says beyond the adapter set and tick (copies: this state goes on changing).</summary>
    public LoopRecovery ToLoopRecovery() => new()
    {
        Paused = Paused,
        Disabled = Disabled.ToHashSet(StringComparer.Ordinal),
        Parked = Parked.ToHashSet(StringComparer.Ordinal),
        Restarts = new Dictionary<string, long>(Restarts, StringComparer.Ordinal),
        Levels = Levels.ToDictionary(static l => l.Key, static l => RAxisLevelNames.Parse(l.Value) ?? RAxisLevel.Ok, StringComparer.Ordinal),
    };

    public string ToJson() => JsonSerializer.Serialize(this);

    public byte[] ToUtf8Json() => JsonSerializer.SerializeToUtf8Bytes(this);

    public static EngineState FromJson(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize<EngineState>(json) ?? throw new JsonException("the snapshot is empty");

    public static EngineState FromJson(string json) =>
        JsonSerializer.Deserialize<EngineState>(json) ?? throw new JsonException("the snapshot is empty");

    private static string Name(JsonElement args) => args.GetProperty("name").GetString()!;

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>A removed (or re-added) adapter starts over: nothing of its old life carries.</summary>
    private void Forget(string adapter)
    {
        Disabled.Remove(adapter);
        Restarts.Remove(adapter);
        Parked.Remove(adapter);
        Levels.Remove("adapter:" + adapter);
    }
}
