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
    private readonly Queue<Write> _writing = new(); // in the order persisted: Akka answers each write in that order
    private EngineState _state = new();
    private long _snapshotAt;
    private long _snapshotTimestamp;
    private long _replayed;
    private TimeSpan _snapshotInterval;
    private int _lastSnapshotBytes;

    public StateJournal(string persistenceId, StateJournalSettings settings)
    {
        _persistenceId = persistenceId;
        _settings = settings;
        _time = LoopClock.Of(Context.System);
        _state.AppliedIds.Capacity = settings.DedupeIds;
        _snapshotInterval = settings.MinSnapshotInterval;
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
            new Recovered(_persistenceId, _state.Copy(), LastSequenceNr, _snapshotAt, _replayed, Stopwatch.GetElapsedTime(_started))));

        Command<Write>(write =>
        {
            _writing.Enqueue(write);
            PersistAsync(write.Event, OnWritten);
        });
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
        var write = _writing.Dequeue();
        var sequence = LastSequenceNr;
        write.Fold(_state, sequence);

        write.Requester?.Tell(new JournalWriter.CommandPersisted(sequence, null));
        Context.Parent.Tell(new Written(sequence, null));
        if (sequence - _snapshotAt >= _settings.SnapshotEvery && _time.GetElapsedTime(_snapshotTimestamp) >= _snapshotInterval)
        {
            // A snapshot costs as much as the state is big: by count alone, at 100,000 commands a second, it
            // would cost more than they do. So at most one a second, and at most SnapshotBytesPerSecond on
            // average: 10,000 adapters added at run time make a state of several MB, snapshotted every few seconds.
            _snapshotTimestamp = _time.GetTimestamp();
            _snapshotAt = sequence;
            var json = Serialize();
            var byBytes = _settings.SnapshotBytesPerSecond is { } rate ? TimeSpan.FromSeconds(json.Length / (double)rate) : TimeSpan.Zero;
            _snapshotInterval = byBytes > _settings.MinSnapshotInterval ? byBytes : _settings.MinSnapshotInterval;
            SaveSnapshot(new StateSnapshot(json));
        }
    }

    /// <summary>
    /// The state as JSON, written into a buffer sized from the last snapshot: one allocation of its size
    /// (and the copy Akka needs), not a chain of doubling buffers each as big as the state.
    /// </summary>
    private byte[] Serialize()
    {
        using var buffer = new MemoryStream(_lastSnapshotBytes + (_lastSnapshotBytes / 8) + 1024);
        using (var json = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            System.Text.Json.JsonSerializer.Serialize(json, _state);
        }

        _lastSnapshotBytes = (int)buffer.Length;
        return buffer.ToArray();
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
        var problem = Describe(cause);
        _writing.Dequeue().Requester?.Tell(new JournalWriter.CommandPersisted(0, problem));
        Context.Parent.Tell(new Written(0, problem));
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
