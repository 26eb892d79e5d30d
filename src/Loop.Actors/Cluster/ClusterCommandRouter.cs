using Loop.Actors.Loop;

namespace Loop.Actors.Cluster;

/// <summary>
/// The bus's way to the loop on a node of a cluster. A command for one of the spec's adapters goes to the node that
/// runs it (<see cref="RouteToAdapter"/> through the shard region), so POST /bus on any node acts as on one engine;
/// everything else goes to this node's loop. One message at a time, each answered before the next is taken: the bus
/// matches answers to commands by their order.
/// </summary>
public sealed class ClusterCommandRouter : ReceiveActor
{
    /// <summary>How long a command waits for the node that runs its adapter (one leaving hands it over within a second).</summary>
    public static readonly TimeSpan AnswerWithin = TimeSpan.FromSeconds(10);

    private readonly IActorRef _loop;
    private readonly IActorRef _region;
    private readonly IReadOnlySet<string> _catalog;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="loop">This node's loop.</param>
    /// <param name="region">The adapters' shard region on this node.</param>
    /// <param name="catalog">The spec's adapter names (the same on every node): the ones the cluster homes.</param>
    public ClusterCommandRouter(IActorRef loop, IActorRef region, IReadOnlySet<string> catalog)
    {
        _loop = loop;
        _region = region;
        _catalog = catalog;
        Receive<Terminated>(t => t.ActorRef.Equals(_loop), _ => Context.Stop(Self)); // the bus watches the loop through this
        ReceiveAsync<object>(RouteAsync);
    }

    /// <summary>Returns the props.</summary>
    /// <param name="loop">This node's loop.</param>
    /// <param name="region">The adapters' shard region on this node.</param>
    /// <param name="catalog">The spec's adapter names.</param>
    /// <returns>The props.</returns>
    public static Props Props(IActorRef loop, IActorRef region, IReadOnlySet<string> catalog) =>
        Akka.Actor.Props.Create(() => new ClusterCommandRouter(loop, region, catalog));

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

    /// <inheritdoc />
    protected override void PreStart() => Context.Watch(_loop);

    private async Task RouteAsync(object message)
    {
        var replyTo = Sender;
        object reply;
        try
        {
            reply = AdapterOf(message) is { } adapter && _catalog.Contains(adapter)
                ? await _region.Ask<LoopSupervisor.ControlReply>(new RouteToAdapter(adapter, message), AnswerWithin)
                : await _loop.Ask<object>(message, AnswerWithin);
        }
        catch (AskTimeoutException)
        {
            reply = LoopSupervisor.ControlReply.Fail("unavailable", $"no answer within {AnswerWithin.TotalSeconds:0} s from the node that runs it (it may be leaving or unreachable); send the command again");
        }

        replyTo.Tell(reply, Self);
    }
}
