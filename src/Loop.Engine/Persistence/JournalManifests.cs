namespace Loop.Engine.Persistence;

/// <summary>The engine's journal stream and the kinds of event in it (each event's manifest).</summary>
internal static class JournalManifests
{
    /// <summary>The one stream the engine journals to, so every event has one place in one order.</summary>
    public const string PersistenceId = "engine";

    /// <summary>A bus command: applied (with its args), or a commands-file line acked as an error or duplicate (for its offset).</summary>
    public const string Command = "command";

    /// <summary>An adapter's state changed (restarts, parked, revived...).</summary>
    public const string Adapter = "adapter";

    /// <summary>An R-Axis level changed.</summary>
    public const string RAxis = "r-axis";

    /// <summary>The engine started or stopped cleanly.</summary>
    public const string Lifecycle = "lifecycle";

    /// <summary>The snapshot's kind.</summary>
    public const string State = "engine-state";

    /// <summary>What compaction keeps: the audit trail (commands and signals) and the run boundaries; adapter churn goes.</summary>
    public static readonly IReadOnlyList<string> Audit = [Command, RAxis, Lifecycle];
}
