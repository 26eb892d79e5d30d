namespace Loop.Engine.Persistence;

/// <summary>The journal writer's messages.</summary>
internal sealed partial class JournalWriter
{
    /// <summary>Journal this command; the sender gets <see cref="CommandPersisted"/>, in the order it asked.</summary>
    public sealed record PersistCommand(CommandRecord Record);

    /// <summary>The command is journaled as <paramref name="Sequence"/>; <paramref name="Problem"/> says why it is not, when the journal failed.</summary>
    public sealed record CommandPersisted(long Sequence, string? Problem);

    /// <summary>Journal a lifecycle event (started, stopped).</summary>
    public sealed record Lifecycle(string Event, IReadOnlyDictionary<string, object?> Fields);

    /// <summary>Published when a batch could not be written after its retries.</summary>
    public sealed record JournalUnavailable(string Problem, int Events);

    /// <summary>
    /// Published when the journal goes down (<paramref name="Problem"/> says why) or comes back (null).
    /// While it is down the bus applies no command (journal_unavailable) and /healthz is 503.
    /// </summary>
    public sealed record JournalHealth(string? Problem);

    /// <summary>Writes again what a failed write left.</summary>
    private sealed class RetryWrite
    {
        public static readonly RetryWrite Instance = new();
    }

    /// <summary>Looks at the store's own health (a journal file deleted or replaced under it).</summary>
    private sealed class CheckHealth
    {
        public static readonly CheckHealth Instance = new();
    }

    /// <summary>Writes what is buffered; queued behind the messages already waiting, so they join the batch.</summary>
    private sealed class WriteNow
    {
        public static readonly WriteNow Instance = new();
    }
}
