using Loop.Actors.Loop;

namespace Loop.Actors.Cluster;

/// <summary>
/// The bus's way to the loop on a node of a cluster. A command for an adapter goes to the node that runs it
/// (<see cref="RouteToAdapter"/> through the shard region), so POST /bus on any node acts as on one engine; add_adapter
/// goes to the node the cluster homes the new adapter on (<see cref="AddAdapterFromSpec"/>), and once applied the
/// cluster's ledger keeps it (<see cref="AdmitAdapter"/>), so it is homed again when that node dies; a command for the
/// loop (pause, resume, set_tick, reset_metrics, ack_block loop) goes to the cluster's bus, a singleton that hands it to
/// every other member's loop (<see cref="LoopWideCommand"/>), then to this node's loop, whose answer is the ack; status
/// and the rest go to this node's loop. A command with an id (<see cref="IdentifiedCommand"/>) has its id claimed for
/// the whole cluster first (<see cref="ClaimId"/>), so the same id sent to two nodes is applied once, as on one engine.
/// </summary>
/// <remarks>
/// Answers go back in the order the commands came (the bus pairs them by order), but the commands do not wait for one
/// another: see the pipeline (ClusterCommandRouter.Pipeline.cs).
/// </remarks>
public sealed partial class ClusterCommandRouter : ReceiveActor
{
    /// <summary>How long a command waits for the node that runs its adapter (one leaving hands it over within a second).</summary>
    public static readonly TimeSpan AnswerWithin = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long a command with an id waits for the cluster's bus to claim it. Past that (the singleton is moving with a
    /// node that died) it is applied with this node's own check alone, and its ack says so.
    /// </summary>
    public static readonly TimeSpan ClaimWithin = TimeSpan.FromSeconds(2);

    private readonly IActorRef _loop;
    private readonly IActorRef _region;
    private readonly IActorRef _clusterBus;
    private string _self;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="loop">This node's loop.</param>
    /// <param name="region">The adapters' shard region on this node.</param>
    /// <param name="clusterBus">The proxy to the cluster's bus singleton (it keeps the ledger and the ids).</param>
    /// <param name="node">This node's name (host:port) in claims and loop-wide commands; null: the cluster's self address.</param>
    public ClusterCommandRouter(IActorRef loop, IActorRef region, IActorRef clusterBus, string? node = null)
    {
        _loop = loop;
        _region = region;
        _clusterBus = clusterBus;
        _self = node ?? string.Empty;
        Receive<Terminated>(t => t.ActorRef.Equals(_loop), _ => Context.Stop(Self)); // the bus watches the loop through this
        ReceivePipeline();
    }

    /// <summary>Returns the props.</summary>
    /// <param name="loop">This node's loop.</param>
    /// <param name="region">The adapters' shard region on this node.</param>
    /// <param name="clusterBus">The proxy to the cluster's bus singleton.</param>
    /// <param name="node">This node's name; null: the cluster's self address.</param>
    /// <returns>The props.</returns>
    public static Props Props(IActorRef loop, IActorRef region, IActorRef clusterBus, string? node = null) =>
        Akka.Actor.Props.Create(() => new ClusterCommandRouter(loop, region, clusterBus, node));

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

    /// <summary>
    /// The adapter whose home a command goes to: any name an adapter may have, not only the spec's (one added at run time
    /// is homed anywhere); null for the loop's own commands, and for a name no adapter may have (this node's loop answers
    /// it unknown_adapter, without a home started for it).
    /// </summary>
    public static string? RoutedAdapter(object message) => AdapterOf(message) is { } adapter && AdapterName.IsValid(adapter) ? adapter : null;

    /// <summary>Whether a control message is for the loop as a whole, which on a cluster is every node's loop.</summary>
    public static bool IsLoopWide(object message) => message is LoopSupervisor.Pause or LoopSupervisor.Resume or LoopSupervisor.SetTick or LoopSupervisor.ResetMetrics
        || message is LoopSupervisor.AckBlock { Scope: "loop" };

    /// <inheritdoc />
    protected override void PreStart()
    {
        Context.Watch(_loop);
        if (_self.Length == 0)
        {
            _self = ClusterMembers.NodeName(Akka.Cluster.Cluster.Get(Context.System).SelfAddress);
        }
    }

    /// <summary>A command whose id the claim says the cluster applied, or another node is applying: not applied here.</summary>
    private static IdAppliedBefore AppliedBefore(string id, IdClaimed claim) =>
        new($"id {id} was applied before{(claim.By is { } node ? $" (on {node})" : string.Empty)}; not applied again");

    /// <summary>
    /// How a claimed command's answer ends: its id settled with the cluster's bus (applied: the cluster's from now on;
    /// refused: free again); or, when the claim went unanswered, applied with a note that only this node checked it.
    /// </summary>
    private object Settled(string id, IdClaimed? claim, object reply)
    {
        if (claim is not null)
        {
            _clusterBus.Tell(new SettleId(id, reply is LoopSupervisor.ControlReply { Ok: true }));
            return reply;
        }

        return reply is LoopSupervisor.ControlReply { Ok: true } done && !done.Result.ContainsKey("note")
            ? done with { Result = new Dictionary<string, object?>(done.Result, StringComparer.Ordinal) { ["note"] = $"applied without the cluster's id check: its bus did not answer within {ClaimWithin.TotalSeconds:0} s (it may be moving to another node); this node's own check applied" } }
            : reply;
    }

    private async Task<object> RouteCommandAsync(object message)
    {
        try
        {
            if (message is LoopSupervisor.AddAdapter { Spec: { } spec } add)
            {
                return await AddAsync(add.Definition.Name, spec);
            }

            if (RoutedAdapter(message) is { } adapter)
            {
                // A name no node knows starts a home that has nothing to run: its loop answers unknown_adapter, as one
                // engine's does, and it stops.
                return await _region.Ask<LoopSupervisor.ControlReply>(new RouteToAdapter(adapter, message), AnswerWithin);
            }

            if (IsLoopWide(message))
            {
                var others = await _clusterBus.Ask<LoopWideApplied>(new LoopWideCommand(_self, message), AnswerWithin);
                return WithOthers(await _loop.Ask<LoopSupervisor.ControlReply>(message, AnswerWithin), others);
            }

            return await _loop.Ask<object>(message, AnswerWithin);
        }
        catch (AskTimeoutException)
        {
            return LoopSupervisor.ControlReply.Fail("unavailable", $"no answer within {AnswerWithin.TotalSeconds:0} s from the node that runs it (it may be leaving or unreachable); send the command again");
        }
    }

    /// <summary>
    /// add_adapter: the adapter's home (wherever sharding places it; the one already running for a name in use) has its
    /// loop add it, or refuse it as one engine does; once added, the cluster's ledger keeps it, journaled, before the ack.
    /// </summary>
    private async Task<object> AddAsync(string adapter, string spec)
    {
        var reply = await _region.Ask<LoopSupervisor.ControlReply>(new AddAdapterFromSpec(adapter, spec), AnswerWithin);
        if (!reply.Ok)
        {
            return reply;
        }

        try
        {
            await _clusterBus.Ask<AdapterAdmitted>(new AdmitAdapter(adapter, spec), AnswerWithin);
            return reply;
        }
        catch (AskTimeoutException)
        {
            return reply with
            {
                Result = new Dictionary<string, object?>(reply.Result, StringComparer.Ordinal)
                {
                    ["note"] = $"added, but the cluster's ledger did not confirm it within {AnswerWithin.TotalSeconds:0} s (it may be moving to another node): if the node that runs it dies before the ledger hears of it, it is not homed again; send the command again to make sure",
                },
            };
        }
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
