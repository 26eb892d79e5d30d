using Loop.Actors.Loop;

namespace Loop.Actors.Cluster;

/// <summary>
/// The router's pipeline. The bus sends its commands without waiting and pairs the answers with them by order, so the
/// router answers in that order; but one command's round trip to another node need not hold up the next. Commands are
/// sent on in the order they came, each as soon as it may go, and their answers held back until every earlier one's is
/// in:
/// <list type="bullet">
/// <item>A command for an adapter goes at once: the region, the adapter's home and its loop take messages in the order
/// they were sent, so two commands for one adapter are applied in order, as on one engine.</item>
/// <item>Any other command (status, a loop-wide one, add_adapter) is a barrier: it goes once every earlier command is
/// answered, and none after it goes until it is answered, so a status sees what came before it, as on one engine.</item>
/// <item>A command with an id has its claim asked as soon as it comes (claims overlap), but goes only once its claim is
/// answered, and none after it goes before it: the order of the commands is the order they are applied in.</item>
/// </list>
/// </summary>
public sealed partial class ClusterCommandRouter
{
    /// <summary>The most commands under way at once; the bus's own intake bounds it well before this.</summary>
    public const int MaxInFlight = 1024;

    private readonly LinkedList<Routed> _routes = new();
    private LinkedListNode<Routed>? _firstUnsent;
    private int _inFlight;
    private bool _barrierInFlight;

    private void ReceivePipeline()
    {
        Receive<ClaimAnswered>(answered =>
        {
            answered.Route.Claim = answered.Claim;
            answered.Route.ClaimAnswered = true;
            Pump();
        });
        Receive<RouteAnswered>(answered =>
        {
            var route = answered.Route;
            route.Reply = route.Id is { } id ? Settled(id, route.Claim, answered.Reply) : answered.Reply;
            _inFlight--;
            _barrierInFlight &= !route.Barrier;
            Deliver();
            Pump();
        });
        ReceiveAny(message =>
        {
            var (id, command) = message is IdentifiedCommand identified ? (identified.Id, identified.Command) : (null, message);
            var route = new Routed(Sender, command, id, IsBarrier(command));
            var node = _routes.AddLast(route);
            _firstUnsent ??= node;
            if (id is not null)
            {
                // Claims overlap: asked as soon as the command comes, whatever is still ahead of it.
                _clusterBus.Ask<IdClaimed>(new ClaimId(id, _self), ClaimWithin)
                    .PipeTo(Self, success: claim => new ClaimAnswered(route, claim), failure: _ => new ClaimAnswered(route, null));
            }

            Pump();
        });
    }

    /// <summary>Only a command for one adapter overlaps others; anything else waits for them, and they for it.</summary>
    private static bool IsBarrier(object command) => RoutedAdapter(command) is null;

    /// <summary>Sends on, in the order they came, every command that may go now (see the class's remarks).</summary>
    private void Pump()
    {
        while (_firstUnsent is { Value: var route } node)
        {
            if (_barrierInFlight || (route.Barrier && _inFlight > 0) || (route.Id is not null && !route.ClaimAnswered) || _inFlight >= MaxInFlight)
            {
                return; // it waits, and every later one behind it
            }

            _firstUnsent = node.Next;
            Send(route);
        }
    }

    private void Send(Routed route)
    {
        if (route.Claim is { First: false } claim)
        {
            route.Reply = AppliedBefore(route.Id!, claim);
            Deliver();
            return;
        }

        _inFlight++;
        _barrierInFlight = route.Barrier;
        // RouteCommandAsync sends its first message before it awaits anything: the order of Send is the order sent.
        RouteCommandAsync(route.Command).PipeTo(
            Self,
            success: reply => new RouteAnswered(route, reply),
            failure: ex => new RouteAnswered(route, LoopSupervisor.ControlReply.Fail("unavailable", $"the command did not reach the loop ({ex.GetBaseException().Message}); send it again")));
    }

    /// <summary>Answers, in the order the commands came, every one whose answer is in and all before it answered.</summary>
    private void Deliver()
    {
        while (_routes.First is { Value: { Reply: { } reply } route })
        {
            route.ReplyTo.Tell(reply, Self);
            _routes.RemoveFirst();
        }
    }

    /// <summary>One command on its way: where its answer goes, and how far it got.</summary>
    private sealed class Routed(IActorRef replyTo, object command, string? id, bool barrier)
    {
        public IActorRef ReplyTo { get; } = replyTo;

        public object Command { get; } = command;

        public string? Id { get; } = id;

        public bool Barrier { get; } = barrier;

        public bool ClaimAnswered { get; set; }

        public IdClaimed? Claim { get; set; }

        public object? Reply { get; set; }
    }

    private sealed record ClaimAnswered(Routed Route, IdClaimed? Claim);

    private sealed record RouteAnswered(Routed Route, object Reply);
}
