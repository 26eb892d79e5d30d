namespace Loop.Engine.Persistence;

/// <summary>The engine's journal streams and the kinds of event in them (each event's manifest).</summary>
internal static class JournalManifests
{
    /// <summary>
    /// The engine's audit stream: bus commands, R-Axis changes and lifecycle marks, in one order (an ack's
    /// <c>journal_seq</c> is a number in it). Snapshotted for recovery, never compacted: it is the audit trail.
    /// </summary>
    public const string PersistenceId = "engine";

    /// <summary>
    /// What the loop did to its adapters (restarts, parked, revived): snapshotted, and its events behind a
    /// snapshot deleted (compaction), so a crash-looping adapter does not grow the journal without end.
    /// </summary>
    public const string AdaptersId = "adapters";

    /// <summary>
    /// A stream's id on one node of a cluster: <c>engine@host:port</c>. The nodes share one journal, and two writers
    /// of one stream would each take the other's sequence numbers; one engine alone keeps the plain id.
    /// </summary>
    /// <param name="stream"><see cref="PersistenceId"/> or <see cref="AdaptersId"/>.</param>
    /// <param name="node">The node (host:port), or null for one engine alone.</param>
    /// <returns>The stream's id.</returns>
    public static string On(string stream, string? node) => node is null ? stream : $"{stream}@{node}";

    /// <summary>A bus command: applied (with its args), or a commands-file line acked as an error or duplicate (for its offset).</summary>
    public const string Command = "command";

    /// <summary>An adapter's state changed (restarts, parked, revived...).</summary>
    public const string Adapter = "adapter";

    /// <summary>A command that makes the adapters' history start over (an adapter added or removed, reset_metrics), in their stream.</summary>
    public const string Forget = "forget";

    /// <summary>
    /// What a cluster keeps of an adapter's state (disabled, parked, restarts) for the node that runs it next, in the
    /// cluster's own adapters stream (<c>adapters@cluster</c>).
    /// </summary>
    public const string Carry = "carry";

    /// <summary>
    /// An adapter added to a cluster at run time, with its spec, in the cluster's adapters stream: homed again, with that
    /// spec, when its node dies or the cluster restarts.
    /// </summary>
    public const string Admitted = "admitted";

    /// <summary>A command id the cluster applied (its bus's claims), in the cluster's adapters stream: the same id sent to another node is a duplicate.</summary>
    public const string Claim = "claim";

    /// <summary>An R-Axis level changed.</summary>
    public const string RAxis = "r-axis";

    /// <summary>The engine started or stopped cleanly.</summary>
    public const string Lifecycle = "lifecycle";

    /// <summary>The snapshot's kind.</summary>
    public const string State = "engine-state";

    /// <summary>The audit trail <c>loop journal export</c> writes: the engine stream's kinds.</summary>
    public static readonly IReadOnlyList<string> Audit = [Command, RAxis, Lifecycle];
}
