using System.Text.Json;
using Loop.Actors.Loop;
using Loop.Engine.Output;
using Loop.Engine.Spec;

namespace Loop.Engine.Bus;

/// <summary>
/// The command bus: one actor, so the file, stdin and HTTP share one order. Each line is parsed,
/// checked against the ids already applied, validated, applied (asking the loop when it is the loop's
/// command; the next line waits), and acked exactly once: in events.jsonl and to whoever waits.
/// </summary>
internal sealed class BusActor : ReceiveActor
{
    private static readonly TimeSpan LoopAnswerTimeout = TimeSpan.FromSeconds(5);
    private readonly HashSet<string> _applied = new(StringComparer.Ordinal);
    private readonly BusSettings _settings;
    private readonly TimeProvider _time;

    public BusActor(BusSettings settings)
    {
        _settings = settings;
        _time = Context.System.TimeProvider;
        ReceiveAsync<BusLine>(OnLineAsync);
    }

    private static bool IsBlank(byte[] bytes) => bytes.AsSpan().IndexOfAnyExcept(" \t\r"u8) < 0;

    private async Task OnLineAsync(BusLine line)
    {
        if (!line.Line.TooLarge && IsBlank(line.Line.Bytes))
        {
            line.Reply?.TrySetResult(null); // a blank line is not a command: no ack
            return;
        }

        var command = CommandParser.Parse(line.Line);
        BusError? error;
        object? result = null;
        var duplicate = command.Error is null && command.Id is not null && _applied.Contains(command.Id);
        if (duplicate)
        {
            error = null;
            result = new Dictionary<string, object?> { ["note"] = $"id {command.Id} was applied before; not applied again" };
        }
        else
        {
            (var action, error) = CommandCatalog.Validate(command, _settings.Spec);
            if (action is not null)
            {
                (error, result) = await ApplyAsync(action).ConfigureAwait(false);
            }

            if (error is null && command.Id is not null)
            {
                _applied.Add(command.Id);
            }
        }

        var ack = Ack.Build(_time.GetUtcNow(), command, line.Line, line.Source, error, result, duplicate);
        _settings.Events.Tell(new EventLine(ack), Self);
        _settings.Metrics.Count(command.Cmd, duplicate ? "duplicate" : error?.Code ?? "ok");
        Context.System.EventStream.Publish(new BusCommandHandled(command.Id, command.Cmd, error, duplicate, line.Source, line.Line.Number));
        line.Reply?.TrySetResult(ack);
        if (error is null && !duplicate && command.Cmd == "stop")
        {
            _settings.RequestStop();
        }
    }

    private async Task<(BusError? Error, object? Result)> ApplyAsync(BusAction action)
    {
        switch (action.Kind)
        {
            case BusActionKind.Stop:
                return (null, new Dictionary<string, object?> { ["stopping"] = true, ["note"] = "finishing the tick in flight, then flushing and exiting" });
            case BusActionKind.AckBlock:
                return (new BusError(BusErrorCodes.NoBlock, $"no BLOCK on scope {action.Scope}"), null);
            case BusActionKind.Status:
                return (null, await _settings.Status(CancellationToken.None).ConfigureAwait(false));
            default:
                try
                {
                    var reply = await _settings.Loop.Ask<LoopSupervisor.ControlReply>(action.LoopMessage!, LoopAnswerTimeout).ConfigureAwait(false);
                    return reply.Ok ? (null, reply.Result) : (new BusError(reply.ErrorCode!, reply.Message ?? reply.ErrorCode!), null);
                }
                catch (AskTimeoutException)
                {
                    return (new BusError(BusErrorCodes.Unavailable, $"the loop did not answer within {LoopAnswerTimeout.TotalSeconds:0} s; try again"), null);
                }
        }
    }
}
