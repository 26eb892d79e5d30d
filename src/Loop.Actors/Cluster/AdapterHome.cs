using Akka.Event;
using Loop.Actors.Loop;

namespace Loop.Actors.Cluster;

/// <summary>
/// One adapter's place in the cluster: a sharded entity (Akka.Cluster.Sharding, by adapter name), so it lives on
/// exactly one node at a time. While it lives it has that node's loop run the adapter; when it stops (its shard
/// handed off to another node, its node leaving) it takes the adapter out of that loop first, and the entity
/// started on the new node adds it there. Sharding starts the new one only after this one has stopped, so an
/// adapter is never in two loops at once.
/// </summary>
public sealed class AdapterHome : ReceiveActor
{
    /// <summary>Why an adapter leaves a node's loop when the cluster moves it (the relay tells a move from a removal by it).</summary>
    public const string MovedReason = "moved to another node by the cluster";
    private static readonly TimeSpan HandOffTimeout = TimeSpan.FromSeconds(5);
    private readonly AdapterDefinition? _definition;
    private readonly IActorRef _loop;
    private bool _homed;
    private bool _removed;
    private bool _stateKnown;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="adapter">The adapter's name (the entity id).</param>
    /// <param name="catalog">The spec's adapters, the same on every node.</param>
    /// <param name="loop">This node's loop.</param>
    public AdapterHome(string adapter, IReadOnlyDictionary<string, AdapterDefinition> catalog, IActorRef loop)
    {
        _definition = catalog.GetValueOrDefault(adapter);
        _loop = loop;
        Receive<HomeAdapter>(m =>
        {
            if (!_homed)
            {
                Home(m.Carry); // the message sharding started this home with
                _stateKnown = m.Source != CarrySource.None;
            }
            else if (m.Carry is { } carry && _definition is not null && (m.Source == CarrySource.Handover || (m.Source == CarrySource.Ledger && !_stateKnown)))
            {
                // A sweep started this home a moment before the handover's message came, or started it while the
                // ledger did not answer: the state the adapter brings still applies. A ledger's answer to a home that
                // knows its state is older than what its loop does now, and is not taken.
                _loop.Tell(new LoopSupervisor.CarryOver(_definition.Name, carry), Self);
                _stateKnown = true;
            }
            else if (m.Source != CarrySource.None)
            {
                _stateKnown = true;
            }
        });
        Receive<RouteToAdapter>(m =>
        {
            Home(null); // a command can be the message that starts the home (sharding starts it on its first message)
            _loop.Forward(m.Command); // the loop answers the bus on the node the command came to
        });
        ReceiveAsync<AdapterHandOff>(_ => HandOffAsync(adapter));
        Receive<LoopSupervisor.ControlReply>(reply =>
        {
            // The loop's answer to the add: a refusal (limits.max_adapters reached on this node) leaves the adapter
            // running nowhere, which an operator must hear of.
            if (!reply.Ok)
            {
                Context.GetLogger().Warning("adapter {0} was homed on this node, but its loop refused it ({1}: {2})", adapter, reply.ErrorCode, reply.Message);
            }
        });
    }

    /// <summary>
    /// The shard is handed off: out of this loop first (confirmed, so the adapter is never in two loops), then a region
    /// is asked to home it (<see cref="NextRegion"/>), which sharding holds until the handoff is over and then places.
    /// </summary>
    private async Task HandOffAsync(string adapter)
    {
        AdapterCarry? carry = null;
        if (_definition is not null && _homed)
        {
            try
            {
                var reply = await _loop.Ask<LoopSupervisor.ControlReply>(new LoopSupervisor.HandAdapterOver(adapter, MovedReason), HandOffTimeout);
                carry = reply.Result.GetValueOrDefault("carry") as AdapterCarry;
                _removed = true;
            }
            catch (AskTimeoutException)
            {
                // PostStop removes it; the next sweep homes it elsewhere.
            }
        }

        if (_removed && NextRegion() is { } region)
        {
            region.Tell(new HomeAdapter(adapter, carry, CarrySource.Handover)); // disabled, parked and restarts go with it
        }

        Context.Stop(Self);
    }

    /// <summary>
    /// Where to ask for the adapter's next home: this node's own region in a rebalance (it holds the message until the
    /// coordinator has placed the shard), another reachable member's while this node is stopping (its region is
    /// going). Null when there is none; the sweep then homes it.
    /// </summary>
    private ActorSelection? NextRegion()
    {
        var cluster = Akka.Cluster.Cluster.Get(Context.System);
        var address = CoordinatedShutdown.Get(Context.System).ShutdownReason is null
            ? cluster.SelfAddress
            : ClusterMembers.OthersUp(cluster).FirstOrDefault()?.Address;
        return address is null ? null : Context.ActorSelection(AdapterSharding.RegionOn(address));
    }

    /// <summary>
    /// Has this node's loop run the adapter, on the first message the home gets (the one sharding started it with):
    /// with what it brings from its last node when that message carries it.
    /// </summary>
    private void Home(AdapterCarry? carry)
    {
        if (_homed || _definition is null)
        {
            return;
        }

        _homed = true;
        _loop.Tell(new LoopSupervisor.AddAdapter(_definition, "homed on this node by the cluster", carry), Self);
    }

    /// <summary>Returns the props for one adapter's home.</summary>
    /// <param name="adapter">The adapter's name.</param>
    /// <param name="catalog">The spec's adapters.</param>
    /// <param name="loop">This node's loop.</param>
    /// <returns>The props.</returns>
    public static Props Props(string adapter, IReadOnlyDictionary<string, AdapterDefinition> catalog, IActorRef loop) =>
        Akka.Actor.Props.Create(() => new AdapterHome(adapter, catalog, loop));

    /// <inheritdoc />
    protected override void PreStart()
    {
        if (_definition is null)
        {
            Context.Stop(Self); // a name no spec on this node knows (a node with an older spec): nothing to run
        }
    }

    /// <inheritdoc />
    protected override void PostStop()
    {
        if (_definition is not null && _homed && !_removed)
        {
            _loop.Tell(new LoopSupervisor.RemoveAdapter(_definition.Name, MovedReason), Self);
        }
    }
}
