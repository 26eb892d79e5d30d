using Loop.Actors.Cluster;
using Loop.Actors.Loop;
using Loop.Actors.Scheduling;
using Loop.Engine.Output;
using Loop.Engine.Persistence;

namespace Loop.Engine.Bus;

/// <summary>
/// The command bus: one actor, so the file, stdin and HTTP share one order. Each line is parsed,
/// checked against the ids already applied, validated, and applied; every line is acked exactly once,
/// in events.jsonl and to whoever waits, in the order the lines came.
/// </summary>
/// <remarks>
/// Commands for the loop are pipelined: the bus tells the loop each one as it comes and does not wait
/// for the answer before taking the next line. The loop answers one sender in order, so answers pair
/// with the oldest command still waiting, and acks leave the queue from its head only. An id in
/// flight counts as applied: a second line with it is a duplicate even before the first is acked.
/// With a journal, a command is acked only once the journal has it (DESIGN.md: Storage): every
/// command that took effect, and every line of the commands file (whose offset is how the next run
/// resumes). Ready commands go to the journal in order without waiting for each other, so the
/// journal writes them in batches. The queue keeps two places so no message walks it from its head
/// (thousands of commands can wait on the journal at once): the first command still waiting for the
/// loop, and the first not yet looked at for the journal.
/// </remarks>
internal sealed class BusActor : ReceiveActor
{
    /// <summary>Commands waiting in the bus (for the loop or the journal) beyond which its sources wait (BusIntake).</summary>
    internal const int MaxQueuedBeforeIntakeWaits = 1024;
    private readonly RecentIds _applied;
    private readonly HashSet<string> _inFlight = new(StringComparer.Ordinal);
    private readonly LinkedList<PendingCommand> _queue = new();
    private readonly Queue<PendingCommand> _writing = new();
    private readonly BusSettings _settings;
    private readonly TimeProvider _time;
    private readonly List<IActorRef> _flushers = [];
    private bool _loopGone;
    private string? _journalDown;
    private LinkedListNode<PendingCommand>? _firstUnanswered;
    private LinkedListNode<PendingCommand>? _firstUnexamined;

    // The intake stream (BusIntake), when it waits for the bus to take its next line (the queue is full).
    private IActorRef? _intakeWaiting;

    public BusActor(BusSettings settings)
    {
        _settings = settings;
        _applied = settings.AppliedIds.Copy();
        _applied.Capacity = settings.DedupeIds;
        _time = LoopClock.Of(Context.System);
        Receive<ParsedLine>(OnLine);
        Receive<BusIntakeProtocol.Started>(_ => Sender.Tell(BusIntakeProtocol.Taken.Instance));
        Receive<BusIntakeProtocol.Ended>(static _ => { });
        Receive<IdAppliedBefore>(OnClusterDuplicate);
        Receive<LoopSupervisor.ControlReply>(reply => OnAnswer(PendingReply.Control, reply.Ok ? null : new BusError(reply.ErrorCode!, reply.Message ?? reply.ErrorCode!), reply.Result));
        Receive<LoopSupervisor.LoopStatus>(status => OnAnswer(PendingReply.Status, null, _settings.RenderStatus(status)));
        Receive<JournalWriter.CommandPersisted>(OnPersisted);
        Receive<JournalWriter.JournalHealth>(health => _journalDown = health.Problem);
        Receive<Terminated>(_ => OnLoopGone());
        Receive<Flush>(_ =>
        {
            _flushers.Add(Sender);
            Drain();
        });
    }

    /// <inheritdoc />
    protected override void PreStart() => Context.Watch(_settings.Loop);

    private void OnLine(ParsedLine parsed)
    {
        var line = parsed.Line;
        if (parsed.Command is not { } command)
        {
            line.Reply?.TrySetResult(null); // a blank line is not a command: no ack
            Sender.Tell(BusIntakeProtocol.Taken.Instance);
            return;
        }

        var pending = new PendingCommand(line, command);
        if (command.Error is null && !pending.ReadOnly && command.Id is { } id && (_applied.Contains(id) || _inFlight.Contains(id)))
        {
            pending.Duplicate = true;
            pending.Result = new Dictionary<string, object?> { ["note"] = $"id {id} was applied before; not applied again" };
        }
        else
        {
            var (action, error) = CommandCatalog.Validate(command, _settings.Spec);
            pending.Error = error;
            if (action is { Kind: BusActionKind.Loop } && _settings.Journal is not null && _journalDown is { } down)
            {
                // Applied but not journaled would come back after a restart as never applied (or be
                // applied twice): while the journal is down, nothing changes.
                pending.Error = new BusError(BusErrorCodes.JournalUnavailable, $"not applied: the journal is unavailable ({down}); send it again once /healthz says ok");
            }
            else if (action is not null)
            {
                Start(pending, action);
            }

            if (pending.Error is null && !pending.ReadOnly && command.Id is not null)
            {
                _inFlight.Add(command.Id);
            }
        }

        var node = _queue.AddLast(pending);
        _firstUnexamined ??= node;
        if (!pending.Ready)
        {
            _firstUnanswered ??= node;
        }

        _intakeWaiting = Sender; // the intake sends its next line once it is told Taken (Drain)

        Drain();
    }

    private void Start(PendingCommand pending, BusAction action)
    {
        switch (action.Kind)
        {
            case BusActionKind.Stop:
                pending.Result = new Dictionary<string, object?> { ["stopping"] = true, ["note"] = "finishing the tick in flight, then flushing and exiting" };
                break;
            case BusActionKind.Status when !_loopGone:
                pending.Awaits = PendingReply.Status;
                _settings.Loop.Tell(LoopSupervisor.GetStatus.Instance, Self);
                break;
            case BusActionKind.Loop when !_loopGone:
                pending.Awaits = PendingReply.Control;
                _settings.Loop.Tell(_settings.ClusterIds && pending.Command.Id is { } id ? new IdentifiedCommand(id, action.LoopMessage!) : action.LoopMessage!, Self);
                break;
            default:
                pending.Error = new BusError(BusErrorCodes.Unavailable, "the loop has stopped; no command can reach it");
                break;
        }
    }

    /// <summary>The loop's answer belongs to the oldest command still waiting for one.</summary>
    private void OnAnswer(PendingReply kind, BusError? error, object? result)
    {
        if (_firstUnanswered is { } node && node.Value.Awaits == kind)
        {
            var pending = node.Value;
            pending.Error = error;
            pending.Result = result;
            pending.Awaits = PendingReply.None;
            while (node is not null && node.Value.Ready)
            {
                node = node.Next;
            }

            _firstUnanswered = node;
        }

        Drain();
    }

    /// <summary>
    /// The cluster had the command's id applied already (by another node): acked as a duplicate, as one engine acks a
    /// line whose id it applied before.
    /// </summary>
    private void OnClusterDuplicate(IdAppliedBefore reply)
    {
        if (_firstUnanswered is { Value: { Awaits: PendingReply.Control, Command.Id: { } id } pending })
        {
            pending.Duplicate = true;
            _inFlight.Remove(id); // never applied here: nothing of it is in flight
        }

        OnAnswer(PendingReply.Control, null, new Dictionary<string, object?> { ["note"] = reply.Note });
    }

    private void OnLoopGone()
    {
        _loopGone = true;
        foreach (var pending in _queue.Where(static p => !p.Ready))
        {
            pending.Error = new BusError(BusErrorCodes.Unavailable, "the loop stopped before it answered");
            pending.Awaits = PendingReply.None;
        }

        _firstUnanswered = null;
        Drain();
    }

    /// <summary>The journal's answers come in the order it was asked: this one is the oldest still being written.</summary>
    private void OnPersisted(JournalWriter.CommandPersisted persisted)
    {
        if (_writing.TryDequeue(out var pending))
        {
            pending.Journal = JournalStep.Written;
            pending.Sequence = persisted.Problem is null ? persisted.Sequence : 0;
            pending.JournalPending = persisted.Problem is not null; // applied as the journal failed: kept in memory, written once it is back
        }

        Drain();
    }

    /// <summary>Journals the ready commands in order, then acks every command at the head of the queue that has its answer and is journaled.</summary>
    private void Drain()
    {
        while (_firstUnexamined is { } node && node.Value.Ready)
        {
            if (_settings.Journal is { } journal && MustJournal(node.Value))
            {
                Journal(journal, node.Value);
            }

            _firstUnexamined = node.Next;
        }

        while (_queue.First is { } head && head != _firstUnexamined && head.Value.Ready && head.Value.Journal != JournalStep.Writing)
        {
            _queue.RemoveFirst();
            Acknowledge(head.Value);
        }

        if (_intakeWaiting is { } intake && _queue.Count < MaxQueuedBeforeIntakeWaits)
        {
            _intakeWaiting = null;
            intake.Tell(BusIntakeProtocol.Taken.Instance);
        }

        if (_queue.Count == 0 && _flushers.Count > 0)
        {
            _flushers.ForEach(f => f.Tell(Flush.Instance, Self));
            _flushers.Clear();
        }
    }

    /// <summary>What must survive: a command that took effect, and any line of the commands file (for its offset).</summary>
    private static bool MustJournal(PendingCommand pending) =>
        (pending.Error is null && !pending.Duplicate && !pending.ReadOnly) || pending.Line.Source == BusSource.File;

    private void Journal(IActorRef journal, PendingCommand pending)
    {
        var command = pending.Command;
        var line = pending.Line;
        pending.Ack = BuildAck(pending);
        pending.Journal = JournalStep.Writing;
        _writing.Enqueue(pending);
        var offset = line.Source == BusSource.File && line.Line.End >= 0 ? line.Line.End : (long?)null;
        journal.Tell(new JournalWriter.PersistCommand(new CommandRecord(command.Id, command.Cmd, pending.Error is null && !pending.Duplicate, command.Args, offset, line.Line.Number, pending.Ack)), Self);
    }

    private byte[] BuildAck(PendingCommand pending) =>
        Ack.Build(_time.GetUtcNow(), pending.Command, pending.Line.Line, pending.Line.Source, pending.Error, pending.Result, pending.Duplicate);

    private void Acknowledge(PendingCommand pending)
    {
        var command = pending.Command;
        var line = pending.Line;
        if (command.Id is { } id && !pending.Duplicate && !pending.ReadOnly)
        {
            _inFlight.Remove(id);
            if (pending.Error is null)
            {
                _applied.Add(id);
            }
        }

        var ack = pending.Ack ?? BuildAck(pending);
        if (pending.Sequence > 0)
        {
            ack = Ack.WithJournalSequence(ack, pending.Sequence);
        }
        else if (pending.JournalPending && pending.Error is null && !pending.Duplicate)
        {
            ack = Ack.WithJournalPending(ack);
        }

        _settings.Events.Tell(new EventLine(ack), Self);
        _settings.Metrics.Command(command.Cmd, pending.Duplicate ? "duplicate" : pending.Error?.Code ?? "ok");
        Context.System.EventStream.Publish(new BusCommandHandled(command.Id, command.Cmd, pending.Error, pending.Duplicate, line.Source, line.Line.Number));
        line.Reply?.TrySetResult(ack);
        if (pending.Error is null && !pending.Duplicate && command.Cmd == "stop")
        {
            _settings.RequestStop();
        }
    }
}
