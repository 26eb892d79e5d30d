using Akka.Event;
using Loop.Actors.Loop;
using Loop.Actors.RAxis;
using Loop.Actors.Scheduling;
using Loop.Engine.Output;

namespace Loop.Engine.Persistence;

/// <summary>
/// What the bus and the loop journal through, off every hot thread: the bus's commands (answered once
/// persisted, so the bus acks only what is journaled), the loop's adapter changes and R-Axis signals (from
/// the event stream), and lifecycle marks. It owns the two journal streams' persistent actors
/// (<see cref="StateJournal"/>): the engine's audit stream and the adapters' compacted stream.
/// </summary>
/// <remarks>
/// Akka stops a persistent actor whose write fails. This writer is what keeps the engine's promise
/// through that: the commands waiting on a failed write are answered with the problem (the bus acks them
/// as journal_pending), the events are kept in memory (up to 100,000) and written, in order, by a new
/// actor once the journal answers again (retries back off from 1 s to 10 s); while it is down the bus
/// applies nothing (<see cref="JournalHealth"/>) and /healthz is 503. Like the other writers it answers
/// <see cref="Flush"/> once everything it was told before is written (or known not to be).
/// </remarks>
internal sealed partial class JournalWriter : ReceiveActor, IWithTimers
{
    private static readonly TimeSpan RetryFirst = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan RetryMax = TimeSpan.FromSeconds(10);

    /// <summary>The most events kept in memory while the journal is down; beyond, the oldest go (and the log says how many).</summary>
    private const int MaxUnwritten = 100_000;
    private readonly JournalStream _engine;
    private readonly JournalStream _adapters;
    private readonly string? _file;
    private readonly TimeProvider _time;
    private readonly List<(IActorRef Flusher, long Ticket)> _flushers = [];
    private readonly List<IActorRef> _recoveryWaiters = [];
    private readonly EventStream _eventStream;
    private (ulong Device, ulong Inode)? _identity;
    private string? _fileFault;
    private string? _failure;
    private string? _downBecause;
    private string? _startFailure;
    private TimeSpan _retryIn = RetryFirst;
    private bool _retryScheduled;
    private long _tickets;

    /// <param name="settings">How the streams snapshot.</param>
    /// <param name="file">The SQLite journal's file, watched for being deleted or replaced under the engine; null for PostgreSQL.</param>
    /// <param name="node">This node of a cluster (host:port), whose streams are its own; null for one engine alone.</param>
    public JournalWriter(StateJournalSettings settings, string? file, string? node = null)
    {
        _engine = new JournalStream(JournalManifests.On(JournalManifests.PersistenceId, node), settings with { Compact = false });
        _adapters = new JournalStream(JournalManifests.On(JournalManifests.AdaptersId, node), settings with { Compact = true });
        _file = file;
        _time = LoopClock.Of(Context.System);
        _eventStream = Context.System.EventStream;
        Receive<PersistCommand>(OnCommand);
        Receive<AdapterStateChanged>(e => e.Event != "backoff", e => Enqueue(_adapters, JournaledEvents.Adapter(e, _time.GetUtcNow()), (s, _) => s.ApplyAdapter(e.Adapter, e.State, e.Restarts)));
        Receive<AdapterStateChanged>(_ => { }); // backoff changes neither restarts nor parked
        Receive<KeepCarry>(e => Enqueue(_adapters, JournaledEvents.Carry(e.Adapter, e.Carry, _time.GetUtcNow()), (s, _) => s.ApplyCarry(e.Adapter, e.Carry)));
        Receive<KeepAdmitted>(e => Enqueue(_adapters, JournaledEvents.Admitted(e.Adapter, e.Spec, _time.GetUtcNow()), (s, _) => s.ApplyAdmitted(e.Adapter, e.Spec)));
        Receive<KeepClaim>(e => Enqueue(_adapters, JournaledEvents.Claim(e.Id, _time.GetUtcNow()), (s, _) => s.ApplyClaim(e.Id)));
        Receive<RAxisSignal>(e => Enqueue(_engine, JournaledEvents.Signal(e, _time.GetUtcNow()), (s, _) => s.ApplyLevel(e.Scope, e.Level)));
        Receive<Lifecycle>(e =>
        {
            // Folded from its journaled form, as a replay folds it: what the state keeps of a mark is read in one place.
            var journaled = JournaledEvents.Lifecycle(e.Event, e.Fields, _time.GetUtcNow());
            Enqueue(_engine, journaled, (s, sequence) => s.Apply(journaled, sequence));
        });
        Receive<StateJournal.Written>(OnWritten);
        Receive<StateJournal.Recovered>(OnRecovered);
        Receive<StateJournal.Failed>(failed => OnFailed(Sender, failed.Problem));
        Receive<Terminated>(t => Self.Tell(new StreamStopped(t.ActorRef))); // behind a Failed it may have overtaken
        Receive<StreamStopped>(stopped => OnFailed(stopped.Actor, "the journal's actor stopped"));
        Receive<AwaitRecovery>(_ =>
        {
            _recoveryWaiters.Add(Sender);
            AnswerRecoveryWaiters();
        });
        Receive<Flush>(_ =>
        {
            _flushers.Add((Sender, _tickets));
            AnswerFlushers();
        });
        Receive<RetryStreams>(_ =>
        {
            _retryScheduled = false;
            StartStream(_engine);
            StartStream(_adapters);
        });
        Receive<CheckHealth>(_ => CheckFile());
    }

    /// <inheritdoc />
    public ITimerScheduler Timers { get; set; } = null!;

    /// <inheritdoc />
    protected override void PreStart()
    {
        _identity = _file is null ? null : Files.FileKinds.Identity(_file);
        StartStream(_engine);
        StartStream(_adapters);
        Timers.StartPeriodicTimer(nameof(CheckHealth), CheckHealth.Instance, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    /// <inheritdoc />
    protected override SupervisorStrategy SupervisorStrategy() => Akka.Actor.SupervisorStrategy.StoppingStrategy; // a stream that throws is started again like one whose write failed

    private void OnCommand(PersistCommand command)
    {
        var now = _time.GetUtcNow();
        var r = command.Record;
        Enqueue(_engine, JournaledEvents.Command(r, now), (s, _) => s.ApplyCommand(r.Id, r.Cmd, r.Applied, r.Args, r.Offset, r.Line), Sender);
        if (JournaledEvents.Forgets(r, out var adapter))
        {
            Enqueue(_adapters, JournaledEvents.Forget(adapter, now), (s, _) => s.ApplyForget(adapter));
        }
    }

    private void Enqueue(JournalStream stream, JournaledEvent e, Action<EngineState, long> fold, IActorRef? requester = null)
    {
        var entry = new JournalEntry(++_tickets, e, requester, fold);
        if (stream.Actor is { } actor)
        {
            stream.InFlight.Enqueue(entry);
            actor.Tell(new StateJournal.Write(e, fold, requester));
            return;
        }

        requester?.Tell(new CommandPersisted(0, _failure ?? "the journal is unavailable"));
        Keep(stream, [entry with { Requester = null }]); // answered: written later without a second answer
        AnswerFlushers();
    }

    private void OnWritten(StateJournal.Written written)
    {
        if (StreamOf(Sender) is not { } stream || !stream.InFlight.TryDequeue(out _))
        {
            return; // from an actor that has since failed: its events were kept, and their commands answered
        }

        // The stream told entry.Requester itself.
        if (written.Problem is not null)
        {
            _eventStream.Publish(new JournalUnavailable("refused: " + written.Problem, 1));
        }
        else if (_failure is not null && _engine.Actor is not null && _adapters.Actor is not null)
        {
            Up();
        }

        AnswerFlushers();
    }

    private void OnRecovered(StateJournal.Recovered recovered)
    {
        if (StreamOf(Sender) is not { } stream)
        {
            return;
        }

        stream.FirstRecovery ??= recovered;
        AnswerRecoveryWaiters();
        if (_failure is not null && _engine.Actor is not null && _adapters.Actor is not null)
        {
            Up(); // both streams read the journal again: it answers
        }
    }

    /// <summary>
    /// A stream's write or recovery failed and its actor stopped: the events it had not answered are
    /// kept, the commands among them answered with the problem, and a new actor tried after a backoff.
    /// </summary>
    private void OnFailed(IActorRef actor, string problem)
    {
        if (StreamOf(actor) is not { } stream)
        {
            return; // already handled (a Failed and its Terminated both come)
        }

        stream.Actor = null;
        var unanswered = stream.InFlight.ToArray();
        stream.InFlight.Clear();
        var firstOfThisOutage = _failure is null;
        _failure = problem;
        foreach (var entry in unanswered)
        {
            entry.Requester?.Tell(new CommandPersisted(0, problem));
        }

        Keep(stream, [.. unanswered.Select(static e => e with { Requester = null })]); // answered: written later without a second answer

        if (stream.FirstRecovery is null)
        {
            // Recovery failed before the engine started: the start fails in one line, it does not wait for a retry.
            _startFailure ??= problem;
            AnswerRecoveryWaiters();
        }

        if (firstOfThisOutage)
        {
            _eventStream.Publish(new JournalUnavailable(problem, unanswered.Length));
        }

        SetHealth(problem);
        if (!_retryScheduled)
        {
            _retryScheduled = true;
            Timers.StartSingleTimer(nameof(RetryStreams), RetryStreams.Instance, _retryIn);
            _retryIn = _retryIn * 2 < RetryMax ? _retryIn * 2 : RetryMax;
        }

        AnswerFlushers();
    }

    /// <summary>Keeps events for the stream's next actor, oldest first, at most <see cref="MaxUnwritten"/>.</summary>
    private void Keep(JournalStream stream, IReadOnlyCollection<JournalEntry> entries)
    {
        stream.Unwritten.AddRange(entries);
        var dropped = stream.Unwritten.Count - MaxUnwritten;
        if (dropped > 0)
        {
            stream.Unwritten.RemoveRange(0, dropped);
            _eventStream.Publish(new JournalUnavailable($"{dropped} events dropped: more than {MaxUnwritten} waited for the journal", dropped));
        }
    }

    /// <summary>A new actor for a stream that has none: it recovers, then writes what was kept, in order, before anything newer.</summary>
    private void StartStream(JournalStream stream)
    {
        if (stream.Actor is not null)
        {
            return;
        }

        stream.Generation++;
        var actor = Context.ActorOf(Props.Create(() => new StateJournal(stream.PersistenceId, stream.Settings)), $"{stream.PersistenceId}-{stream.Generation}");
        Context.Watch(actor);
        stream.Actor = actor;
        foreach (var entry in stream.Unwritten)
        {
            stream.InFlight.Enqueue(entry);
            actor.Tell(new StateJournal.Write(entry.Event, entry.Fold, entry.Requester)); // stashed by Akka until the actor has recovered
        }

        stream.Unwritten.Clear();
    }

    private void Up()
    {
        _failure = null;
        _retryIn = RetryFirst;
        SetHealth(_fileFault);
    }

    private JournalStream? StreamOf(IActorRef actor) =>
        actor.Equals(_engine.Actor) ? _engine : actor.Equals(_adapters.Actor) ? _adapters : null;

    /// <summary>
    /// The SQLite file under the open connections must still be the one at its path: one deleted or
    /// replaced (rm data/loop.db*) takes every later write with it, and the next start would apply ids again.
    /// </summary>
    private void CheckFile()
    {
        if (_identity is not null && _fileFault is null && Files.FileKinds.Identity(_file!) != _identity)
        {
            _fileFault = $"the journal file {_file} was deleted or replaced while the engine ran, so nothing journaled now would survive a restart; restart the engine (it starts from the file now at {_file})";
        }

        SetHealth(_failure ?? _fileFault);
    }

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

    private void AnswerFlushers()
    {
        var oldest = Math.Min(_engine.OldestInFlight, _adapters.OldestInFlight);
        _flushers.RemoveAll(f =>
        {
            if (f.Ticket >= oldest)
            {
                return false;
            }

            f.Flusher.Tell(Flush.Instance, Self);
            return true;
        });
    }

    private void AnswerRecoveryWaiters()
    {
        object? answer = _startFailure is { } failure
            ? new RecoveryFailed(failure)
            : _engine.FirstRecovery is { } engine && _adapters.FirstRecovery is { } adapters
                ? new RecoveredJournal(engine, adapters)
                : null;
        if (answer is null)
        {
            return;
        }

        _recoveryWaiters.ForEach(w => w.Tell(answer, Self));
        _recoveryWaiters.Clear();
    }
}
