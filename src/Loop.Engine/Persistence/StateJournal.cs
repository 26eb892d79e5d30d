using System.Diagnostics;
using Akka.Persistence;
using Loop.Actors.Scheduling;

namespace Loop.Engine.Persistence;

/// <summary>
/// One journal stream as an Akka.Persistence actor: it replays its snapshot and events into an
/// <see cref="EngineState"/> on start, then persists each event it is told (PersistAsync: writes are
/// batched by the journal, answers keep their order), folds it in, and answers its parent, the
/// <see cref="JournalWriter"/>. Every <c>snapshot_every</c> events (at most once a second) it saves its
/// state; a compacting stream then deletes the events the snapshot covers. A write or a recovery that
/// fails ends it (Akka's rule for persistent actors): it tells its parent why first, and the parent
/// starts a new one once the journal answers again.
/// </summary>
internal sealed partial class StateJournal : ReceivePersistentActor
{
    private readonly string _persistenceId;
    private readonly StateJournalSettings _settings;
    private readonly TimeProvider _time;
    private readonly long _started = Stopwatch.GetTimestamp();
    private EngineState _state = new();
    private long _snapshotAt;
    private long _snapshotTimestamp;
    private long _replayed;

    public StateJournal(string persistenceId, StateJournalSettings settings)
    {
        _persistenceId = persistenceId;
        _settings = settings;
        _time = LoopClock.Of(Context.System);
        _state.AppliedIds.Capacity = settings.DedupeIds;
        _snapshotTimestamp = _time.GetTimestamp() - (long)(settings.MinSnapshotInterval.TotalSeconds * _time.TimestampFrequency);

        Recover<SnapshotOffer>(offer =>
        {
            _state = EngineState.FromJson(((StateSnapshot)offer.Snapshot).Json);
            _state.AppliedIds.Capacity = settings.DedupeIds;
            _snapshotAt = offer.Metadata.SequenceNr;
        });
        Recover<JournaledEvent>(e =>
        {
            _state.Apply(e, LastSequenceNr);
            _replayed++;
        });
        Recover<RecoveryCompleted>(_ => Context.Parent.Tell(
            new Recovered(_persistenceId, EngineState.FromJson(_state.ToUtf8Json()), LastSequenceNr, _snapshotAt, _replayed, Stopwatch.GetElapsedTime(_started))));

        Command<Write>(write => PersistAsync(write.Event, OnWritten));
        Command<SaveSnapshotSuccess>(OnSnapshotSaved);
        Command<SaveSnapshotFailure>(failure => Problem("snapshot: " + failure.Cause.Message));
        Command<DeleteMessagesSuccess>(static _ => { });
        Command<DeleteMessagesFailure>(failure => Problem("compaction: " + failure.Cause.Message));
        Command<DeleteSnapshotsSuccess>(static _ => { });
        Command<DeleteSnapshotsFailure>(static _ => { }); // an older snapshot left behind is read by nobody
    }

    public override string PersistenceId => _persistenceId;

    private void OnWritten(JournaledEvent e)
    {
        var sequence = LastSequenceNr;
        _state.Apply(e, sequence);
        Context.Parent.Tell(new Written(sequence, null));
        if (sequence - _snapshotAt >= _settings.SnapshotEvery && _time.GetElapsedTime(_snapshotTimestamp) >= _settings.MinSnapshotInterval)
        {
            // A snapshot costs as much as the state is big: by count alone, at 100,000 commands a second, it would cost more than they do.
            _snapshotTimestamp = _time.GetTimestamp();
            _snapshotAt = sequence;
            SaveSnapshot(new StateSnapshot(_state.ToUtf8Json()));
        }
    }

    private void OnSnapshotSaved(SaveSnapshotSuccess saved)
    {
        DeleteSnapshots(new SnapshotSelectionCriteria(saved.Metadata.SequenceNr - 1));
        if (_settings.Compact)
        {
            DeleteMessages(saved.Metadata.SequenceNr);
        }
    }

    /// <summary>Recovery replays more events until the next snapshot succeeds; nothing is lost, but the log says so.</summary>
    private void Problem(string problem) => Context.System.EventStream.Publish(new JournalWriter.JournalUnavailable(problem, 0));

    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        Context.Parent.Tell(new Failed(Describe(cause)));
        base.OnPersistFailure(cause, @event, sequenceNr); // logs it; then Akka stops this actor
    }

    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
    {
        // The journal refused this one event (it stays refused if sent again); the stream goes on.
        Context.Parent.Tell(new Written(0, Describe(cause)));
    }

    protected override void OnRecoveryFailure(Exception reason, object? message = null)
    {
        Context.Parent.Tell(new Failed(Describe(reason)));
        base.OnRecoveryFailure(reason, message);
    }

    /// <summary>The innermost message, on one line: what the database said, not the plugin's wrapping of it.</summary>
    internal static string Describe(Exception error)
    {
        var inner = error;
        while (inner.InnerException is { } next && (inner is AggregateException || inner.GetType().Namespace?.StartsWith("Akka", StringComparison.Ordinal) == true))
        {
            inner = next;
        }

        return inner.Message.ReplaceLineEndings(" ").Trim();
    }
}
