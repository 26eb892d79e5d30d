using Loop.Actors.Loop;

namespace Loop.Actors.Cluster;

/// <summary>
/// The bus's way to the loop on a node of a cluster. A command for one of the spec's adapters goes to the node that
/// runs it (<see cref="RouteToAdapter"/> through the shard region), so POST /bus on any node acts as on one engine; a
/// command for the loop (pause, resume, set_tick, reset_metrics, ack_block loop) goes to the cluster's bus, a singleton
/// that hands it to every other member's loop (<see cref="LoopWideCommand"/>), then to this node's loop, whose answer
/// is the ack; status and the rest go to this node's loop. One message at a time, each answered before the next is
/// taken: the bus matches answers to commands by their order.
/// </summary>
public sealed class ClusterCommandRouter : ReceiveActor
{
    /// <summary>How long a command waits for the node that runs its adapter (one leaving hands it over within a second).</summary>
    public static readonly TimeSpan AnswerWithin = TimeSpan.FromSeconds(10);

    private readonly IActorRef _loop;
    private readonly IActorRef _region;
    private readonly IReadOnlySet<string> _catalog;
    private readonly IActorRef _clusterBus;
    private readonly string _self;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="loop">This node's loop.</param>
    /// <param name="region">The adapters' shard region on this node.</param>
    /// <param name="catalog">The spec's adapter names (the same on every node): the ones the cluster homes.</param>
    /// <param name="clusterBus">The proxy to the cluster's bus singleton.</param>
    public ClusterCommandRouter(IActorRef loop, IActorRef region, IReadOnlySet<string> catalog, IActorRef clusterBus)
    {
        _loop = loop;
        _region = region;
        _catalog = catalog;
        _clusterBus = clusterBus;
        _self = ClusterMembers.NodeName(Akka.Cluster.Cluster.Get(Context.System).SelfAddress);
        Receive<Terminated>(t => t.ActorRef.Equals(_loop), _ => Context.Stop(Self)); // the bus watches the loop through this
        ReceiveAsync<object>(RouteAsync);
    }

    /// <summary>Returns the props.</summary>
    /// <param name="loop">This node's loop.</param>
    /// <param name="region">The adapters' shard region on this node.</param>
    /// <param name="catalog">The spec's adapter names.</param>
    /// <param name="clusterBus">The proxy to the cluster's bus singleton.</param>
    /// <returns>The props.</returns>
    public static Props Props(IActorRef loop, IActorRef region, IReadOnlySet<string> catalog, IActorRef clusterBus) =>
        Akka.Actor.Props.Create(() => new ClusterCommandRouter(loop, region, catalog, clusterBus));

    /// <summary>The adapter a control message is for, or null for the loop's own.</summary>
    public static string? AdapterOf(object message) => message switch
    {
        LoopSupervisor.RestartAdapter m => m.Adapter,
        LoopSupervisor.EnableAdapter m => m.Adapter,
        LoopSupervisor.DisableAdapter m => m.Adapter,
        LoopSupervisor.RemoveAdapter m => m.Adapter,
        LoopSupervisor.InjectFault m => m.Adapter,
        LoopSupervisor.AckBlock { Scope: var scope } when scope.StartsWith("adapter:", StringComparison.Ordinal) => scope["adapter:".Length..],
        _ => null,
    };

    /// <summary>Whether a control message is for the loop as a whole, which on a cluster is every node's loop.</summary>
    public static bool IsLoopWide(object message) => message is LoopSupervisor.Pause or LoopSupervisor.Resume or LoopSupervisor.SetTick or LoopSupervisor.ResetMetrics
        || message is LoopSupervisor.AckBlock { Scope: "loop" };

    /// <inheritdoc />
    protected override void PreStart() => Context.Watch(_loop);

    private async Task RouteAsync(object message)
    {
        var replyTo = Sender;
        object reply;
        try
        {
            if (AdapterOf(message) is { } adapter && _catalog.Contains(adapter))
            {
                reply = await _region.Ask<LoopSupervisor.ControlReply>(new RouteToAdapter(adapter, message), AnswerWithin);
            }
            else if (IsLoopWide(message))
            {
                var others = await _clusterBus.Ask<LoopWideApplied>(new LoopWideCommand(_self, message), AnswerWithin);
                reply = WithOthers(await _loop.Ask<LoopSupervisor.ControlReply>(message, AnswerWithin), others);
            }
            else
            {
                reply = await _loop.Ask<object>(message, AnswerWithin);
            }
        }
        catch (AskTimeoutException)
        {
            reply = LoopSupervisor.ControlReply.Fail("unavailable", $"no answer within {AnswerWithin.TotalSeconds:0} s from the node that runs it (it may be leaving or unreachable); send the command again");
        }

        replyTo.Tell(reply, Self);
    }

    /// <summary>
    /// This node's answer, with how many nodes applied the command (<c>nodes</c>) and the ones that did not answer
    /// (<c>missed</c>). A refusal here (ack_block loop where no BLOCK is held) is not the cluster's when another node applied it.
    /// </summary>
    internal static LoopSupervisor.ControlReply WithOthers(LoopSupervisor.ControlReply local, LoopWideApplied others)
    {
        if (!local.Ok && others.Applied == 0)
        {
            return local;
        }

        var result = new Dictionary<string, object?>(local.Result, StringComparer.Ordinal)
        {
            ["nodes"] = others.Applied + (local.Ok ? 1 : 0),
        };
        if (!local.Ok)
        {
            result["note"] = $"not applied on this node: {local.Message}";
        }

        if (others.Missed.Count > 0)
        {
            result["missed"] = others.Missed;
        }

        return new LoopSupervisor.ControlReply(null, null, result);
    }
}
