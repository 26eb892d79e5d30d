using Loop.Actors.Loop;

namespace Loop.Engine.Persistence;

/// <summary>The journal writer's messages.</summary>
internal sealed partial class JournalWriter
{
    /// <summary>Journal this command; the sender gets <see cref="CommandPersisted"/>, in the order it asked.</summary>
    public sealed record PersistCommand(CommandRecord Record);

    /// <summary>The command is journaled as <paramref name="Sequence"/>; <paramref name="Problem"/> says why it is not, when the journal failed.</summary>
    public sealed record CommandPersisted(long Sequence, string? Problem);

    /// <summary>What a cluster keeps of an adapter's state, for its adapters stream (<see cref="JournalManifests.Carry"/>).</summary>
    public sealed record KeepCarry(string Adapter, AdapterCarry Carry);

    /// <summary>An adapter added to a cluster at run time, for its adapters stream (<see cref="JournalManifests.Admitted"/>).</summary>
    public sealed record KeepAdmitted(string Adapter, string Spec);

    /// <summary>A command id the cluster applied, for its adapters stream (<see cref="JournalManifests.Claim"/>).</summary>
    public sealed record KeepClaim(string Id);

    /// <summary>Journal a lifecycle event (started, stopped, tailing).</summary>
    public sealed record Lifecycle(string Event, IReadOnlyDictionary<string, object?> Fields);

    /// <summary>Published when the journal failed (a write, a snapshot, a compaction), with how many events wait for it.</summary>
    public sealed record JournalUnavailable(string Problem, int Events);

    /// <summary>
    /// Published when the journal goes down (<paramref name="Problem"/> says why) or comes back (null).
    /// While it is down the bus applies no command (journal_unavailable) and /healthz is 503.
    /// </summary>
    public sealed record JournalHealth(string? Problem);

    /// <summary>Answered, once both streams have replayed, with <see cref="RecoveredJournal"/> or <see cref="RecoveryFailed"/>.</summary>
    public sealed class AwaitRecovery
    {
        public static readonly AwaitRecovery Instance = new();
    }

    /// <summary>What the two streams' first recovery gave back.</summary>
    public sealed record RecoveredJournal(StateJournal.Recovered Engine, StateJournal.Recovered Adapters);

    /// <summary>A stream could not replay when the engine started: the start fails with this.</summary>
    public sealed record RecoveryFailed(string Problem);

    /// <summary>A stream's actor stopped; handled after anything it said before it stopped.</summary>
    private sealed record StreamStopped(IActorRef Actor);

    /// <summary>Starts the streams that have no actor (the journal was down).</summary>
    private sealed class RetryStreams
    {
        public static readonly RetryStreams Instance = new();
    }

    /// <summary>Looks at the journal file's health (deleted or replaced under the engine).</summary>
    private sealed class CheckHealth
    {
        public static readonly CheckHealth Instance = new();
    }
}
