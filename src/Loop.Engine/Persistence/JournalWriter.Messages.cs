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

    /// <summary>Writes what is buffered; queued behind the messages already waiting, so they join the batch.</summary>
    private sealed class WriteNow
    {
        public static readonly WriteNow Instance = new();
    }
}
