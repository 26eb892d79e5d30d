using System.Buffers;
using System.Text;
using System.Text.Json;
using Akka.Event;
using Loop.Actors.Loop;
using Loop.Actors.RAxis;
using Loop.Actors.Scheduling;
using Loop.Engine.Journal;
using Loop.Engine.Output;

namespace Loop.Engine.Persistence;

/// <summary>
/// Journals the engine's events off every hot thread: the bus's commands (answered once written, so
/// the bus acks only what is journaled), the loop's adapter changes and R-Axis signals (from the event
/// stream), and lifecycle marks. Events that arrive while a batch is being written wait in the mailbox
/// and go in the next batch, one transaction each: the busier the bus, the bigger the batch. Like the
/// other writers it answers <see cref="Flush"/> once everything it was told before is written.
/// Every <c>snapshot_every</c> events (at most once a second) the folded <see cref="EngineState"/> is saved as a snapshot and
/// the events it covers are compacted (the audit kinds are kept for <c>loop journal export</c>).
/// </summary>
internal sealed partial class JournalWriter : ReceiveActor, IWithTimers
{
    private static readonly TimeSpan[] Retries = [TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(2)];
    private static readonly TimeSpan RetryFirst = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan RetryMax = TimeSpan.FromSeconds(10);

    /// <summary>The most events kept in memory while the journal is down; beyond, the oldest go (and the log says how many).</summary>
    private const int MaxUnwritten = 100_000;
    private readonly IJournal _journal;
    private readonly EngineState _state;
    private readonly int _snapshotEvery;
    private readonly TimeSpan _minSnapshotInterval;
    private readonly TimeProvider _time;
    private readonly List<JournalEvent> _batch = [];
    private readonly List<(IActorRef Requester, long Sequence)> _waiting = [];
    private readonly List<IActorRef> _flushers = [];
    private readonly ArrayBufferWriter<byte> _buffer = new(512);
    private long _sequence;
    private long _snapshotAt;
    private long _snapshotTimestamp;
    private bool _writeQueued;
    private List<JournalEvent> _unwritten = [];
    private string? _downBecause;
    private TimeSpan _retryIn = RetryFirst;
    private bool _retryScheduled;

    // Taken once: the journal calls' own continuations publish from outside the actor's turn (ConfigureAwait(false)).
    private readonly EventStream _eventStream;

    /// <param name="journal">The open journal.</param>
    /// <param name="state">The state recovery rebuilt (this writer keeps folding into it).</param>
    /// <param name="lastSequence">The last sequence in the journal (or in its latest snapshot).</param>
    /// <param name="snapshotAt">The latest snapshot's sequence.</param>
    /// <param name="snapshotEvery">Events between snapshots.</param>
    /// <param name="minSnapshotInterval">
    /// At most one snapshot this often (default 1 s): a snapshot costs as much as the state is big, so at
    /// 100,000 commands a second snapshots by count alone would cost more than the commands.
    /// </param>
    public JournalWriter(IJournal journal, EngineState state, long lastSequence, long snapshotAt, int snapshotEvery, TimeSpan? minSnapshotInterval = null)
    {
        _journal = journal;
        _state = state;
        _sequence = lastSequence;
        _snapshotAt = snapshotAt;
        _snapshotEvery = snapshotEvery;
        _minSnapshotInterval = minSnapshotInterval ?? TimeSpan.FromSeconds(1);
        _time = LoopClock.Of(Context.System);
        _eventStream = Context.System.EventStream;
        _snapshotTimestamp = _time.GetTimestamp() - (long)(_minSnapshotInterval.TotalSeconds * _time.TimestampFrequency);
        Receive<PersistCommand>(OnCommand);
        Receive<AdapterStateChanged>(e => e.Event != "backoff", OnAdapter);
        Receive<AdapterStateChanged>(_ => { }); // backoff changes neither restarts nor parked
        Receive<RAxisSignal>(OnSignal);
        Receive<Lifecycle>(OnLifecycle);
        Receive<Flush>(_ =>
        {
            _flushers.Add(Sender);
            QueueWrite();
        });
        ReceiveAsync<WriteNow>(_ => WriteAsync());
        Receive<RetryWrite>(_ =>
        {
            _retryScheduled = false;
            QueueWrite();
        });
        Receive<CheckHealth>(_ => SetHealth(_unwritten.Count > 0 ? _downBecause : _journal.Fault));
    }

    /// <inheritdoc />
    protected override void PreStart() =>
        Timers.StartPeriodicTimer(nameof(CheckHealth), CheckHealth.Instance, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));

    /// <inheritdoc />
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Says when the journal goes down or comes back (once per change).</summary>
    private void SetHealth(string? problem)
    {
        if (problem == _downBecause || (problem is not null && _downBecause is not null))
        {
            return;
        }

        _downBecause = problem;
        _eventStream.Publish(new JournalHealth(problem));
    }

    private void OnCommand(PersistCommand command)
    {
        var r = command.Record;
        _state.ApplyCommand(r.Id, r.Cmd, r.Applied, r.Args, r.Offset, r.Line);
        var sequence = Add(JournalManifests.Command, json =>
        {
            if (r.Id is not null)
            {
                json.WriteString("id", r.Id);
            }

            if (r.Cmd is not null)
            {
                json.WriteString("cmd", r.Cmd);
            }

            json.WriteBoolean("applied", r.Applied);
            if (r.Args.ValueKind == JsonValueKind.Object)
            {
                json.WritePropertyName("args");
                r.Args.WriteTo(json);
            }

            if (r.Offset is { } offset)
            {
                json.WriteNumber("offset", offset);
            }

            json.WriteNumber("line", r.Line);
            json.WritePropertyName("ack");
            json.WriteRawValue(r.Ack, skipInputValidation: true);
        });
        _waiting.Add((Sender, sequence));
    }

    private void OnAdapter(AdapterStateChanged e)
    {
        _state.ApplyAdapter(e.Adapter, e.State, e.Restarts);
        Add(JournalManifests.Adapter, json => EventFields.Adapter(json, e));
    }

    private void OnSignal(RAxisSignal e)
    {
        _state.ApplyLevel(e.Scope, e.Level);
        Add(JournalManifests.RAxis, json => EventFields.Signal(json, e));
    }

    private void OnLifecycle(Lifecycle e)
    {
        var sequence = Add(JournalManifests.Lifecycle, json => EventFields.Lifecycle(json, e.Event, e.Fields));
        _state.ApplyLifecycle(e.Event, sequence, e.Fields.TryGetValue("commands_offset", out var offset) ? offset as long? : null);
    }

    private long Add(string manifest, Action<Utf8JsonWriter> fields)
    {
        _buffer.ResetWrittenCount();
        using (var json = new Utf8JsonWriter(_buffer, EventsJsonlWriter.WriterOptions))
        {
            json.WriteStartObject();
            fields(json);
            json.WriteEndObject();
        }

        _batch.Add(new JournalEvent(JournalManifests.PersistenceId, ++_sequence, manifest, Encoding.UTF8.GetString(_buffer.WrittenSpan), _time.GetUtcNow()));
        QueueWrite();
        return _sequence;
    }

    private void QueueWrite()
    {
        if (!_writeQueued)
        {
            _writeQueued = true;
            Self.Tell(WriteNow.Instance, Self);
        }
    }

    private async Task WriteAsync()
    {
        _writeQueued = false;

        // What a failed write left comes first: its events keep their sequence numbers and their order.
        var batch = _unwritten.Count == 0 ? _batch.ToArray() : [.. _unwritten, .. _batch];
        var waiting = _waiting.ToArray();
        var flushers = _flushers.ToArray();
        _batch.Clear();
        _waiting.Clear();
        _flushers.Clear();
        string? problem = null;
        if (batch.Length > 0)
        {
            // While down, one attempt per retry: the retries' seconds would hold every answer up.
            // No ConfigureAwait(false) in this handler: Akka resumes it in the actor's turn, where Self and Timers work.
            problem = await AppendWithRetriesAsync(batch, retry: _downBecause is null);
            if (problem is not null)
            {
                KeepUnwritten(batch, problem);
            }
            else
            {
                _unwritten = [];
                _retryIn = RetryFirst;
                SetHealth(_journal.Fault);
            }
        }

        foreach (var (requester, sequence) in waiting)
        {
            requester.Tell(new CommandPersisted(sequence, problem), Self);
        }

        if (problem is null && _downBecause is null && _sequence - _snapshotAt >= _snapshotEvery && _time.GetElapsedTime(_snapshotTimestamp) >= _minSnapshotInterval)
        {
            _snapshotTimestamp = _time.GetTimestamp();
            await SnapshotAsync();
        }

        foreach (var flusher in flushers)
        {
            flusher.Tell(Flush.Instance, Self);
        }
    }

    /// <summary>
    /// The journal failed: its events stay in memory (up to <see cref="MaxUnwritten"/>) and are written
    /// again, with backoff up to 10 s, until it answers; the commands that waited on them are answered
    /// now (the bus applies nothing more until the journal is back).
    /// </summary>
    private void KeepUnwritten(JournalEvent[] batch, string problem)
    {
        var firstOfThisOutage = _unwritten.Count == 0;
        var dropped = Math.Max(0, batch.Length - MaxUnwritten);
        _unwritten = dropped == 0 ? [.. batch] : [.. batch.AsSpan(dropped)];
        if (firstOfThisOutage || dropped > 0)
        {
            _eventStream.Publish(new JournalUnavailable(problem, batch.Length));
        }

        SetHealth(problem);
        if (!_retryScheduled)
        {
            _retryScheduled = true;
            Timers.StartSingleTimer(nameof(RetryWrite), RetryWrite.Instance, _retryIn);
            _retryIn = _retryIn * 2 < RetryMax ? _retryIn * 2 : RetryMax;
        }
    }

    private async Task<string?> AppendWithRetriesAsync(JournalEvent[] batch, bool retry)
    {
        for (var attempt = retry ? 0 : Retries.Length; ; attempt++)
        {
            try
            {
                await _journal.AppendAsync(batch, CancellationToken.None).ConfigureAwait(false);
                return null;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                if (attempt == Retries.Length)
                {
                    return ex.Message;
                }

                // Down from the first failure: the bus stops applying commands now, not after the
                // retries' 2.6 s (every command applied meanwhile would be one the journal may not keep).
                SetHealth(ex.Message);
                await Task.Delay(Retries[attempt], _time).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Saves the state as of the last event written, then drops the events it covers (but the audit kinds).</summary>
    private async Task SnapshotAsync()
    {
        var at = _sequence;
        try
        {
            await _journal.SaveSnapshotAsync(new JournalSnapshot(JournalManifests.PersistenceId, at, JournalManifests.State, _state.ToJson(), _time.GetUtcNow()), CancellationToken.None).ConfigureAwait(false);
            _snapshotAt = at;
            await _journal.DeleteEventsUpToAsync(JournalManifests.PersistenceId, at, JournalManifests.Audit, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Recovery replays more events until the next snapshot succeeds; nothing is lost.
            _eventStream.Publish(new JournalUnavailable("snapshot: " + ex.Message, 0));
        }
    }
}
