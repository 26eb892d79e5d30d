using Loop.Actors.Loop;
using Loop.Engine.Output;

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
/// </remarks>
internal sealed class BusActor : ReceiveActor
{
    private readonly HashSet<string> _applied = new(StringComparer.Ordinal);
    private readonly HashSet<string> _inFlight = new(StringComparer.Ordinal);
    private readonly Queue<PendingCommand> _queue = new();
    private readonly BusSettings _settings;
    private readonly TimeProvider _time;
    private bool _loopGone;

    public BusActor(BusSettings settings)
    {
        _settings = settings;
        _time = Context.System.TimeProvider;
        Receive<BusLine>(OnLine);
        Receive<LoopSupervisor.ControlReply>(reply => OnAnswer(PendingReply.Control, reply.Ok ? null : new BusError(reply.ErrorCode!, reply.Message ?? reply.ErrorCode!), reply.Result));
        Receive<LoopSupervisor.LoopStatus>(status => OnAnswer(PendingReply.Status, null, _settings.RenderStatus(status)));
        Receive<Terminated>(_ => OnLoopGone());
    }

    /// <inheritdoc />
    protected override void PreStart() => Context.Watch(_settings.Loop);

    private static bool IsBlank(byte[] bytes) => bytes.AsSpan().IndexOfAnyExcept(" \t\r"u8) < 0;

    private void OnLine(BusLine line)
    {
        if (!line.Line.TooLarge && IsBlank(line.Line.Bytes))
        {
            line.Reply?.TrySetResult(null); // a blank line is not a command: no ack
            return;
        }

        var command = CommandParser.Parse(line.Line);
        var pending = new PendingCommand(line, command);
        if (command.Error is null && command.Id is { } id && (_applied.Contains(id) || _inFlight.Contains(id)))
        {
            pending.Duplicate = true;
            pending.Result = new Dictionary<string, object?> { ["note"] = $"id {id} was applied before; not applied again" };
        }
        else
        {
            var (action, error) = CommandCatalog.Validate(command, _settings.Spec);
            pending.Error = error;
            if (action is not null)
            {
                Start(pending, action);
            }

            if (pending.Error is null && command.Id is not null)
            {
                _inFlight.Add(command.Id);
            }
        }

        _queue.Enqueue(pending);
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
                _settings.Loop.Tell(action.LoopMessage!, Self);
                break;
            default:
                pending.Error = new BusError(BusErrorCodes.Unavailable, "the loop has stopped; no command can reach it");
                break;
        }
    }

    /// <summary>The loop's answer belongs to the oldest command still waiting for one.</summary>
    private void OnAnswer(PendingReply kind, BusError? error, object? result)
    {
        foreach (var pending in _queue)
        {
            if (!pending.Ready)
            {
                if (pending.Awaits == kind)
                {
                    pending.Error = error;
                    pending.Result = result;
                    pending.Awaits = PendingReply.None;
                }

                break;
            }
        }

        Drain();
    }

    private void OnLoopGone()
    {
        _loopGone = true;
        foreach (var pending in _queue.Where(static p => !p.Ready))
        {
            pending.Error = new BusError(BusErrorCodes.Unavailable, "the loop stopped before it answered");
            pending.Awaits = PendingReply.None;
        }

        Drain();
    }

    /// <summary>Acks every command at the head of the queue that has its answer.</summary>
    private void Drain()
    {
        while (_queue.TryPeek(out var head) && head.Ready)
        {
            _queue.Dequeue();
            Acknowledge(head);
        }
    }

    private void Acknowledge(PendingCommand pending)
    {
        var command = pending.Command;
        var line = pending.Line;
        if (command.Id is { } id && !pending.Duplicate)
        {
            _inFlight.Remove(id);
            if (pending.Error is null)
            {
                _applied.Add(id);
            }
        }

        var ack = Ack.Build(_time.GetUtcNow(), command, line.Line, line.Source, pending.Error, pending.Result, pending.Duplicate);
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
