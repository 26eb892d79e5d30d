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
/// <remarks>
/// The adapter is the spec file's (the catalog, the same on every node) or one added at run time, whose spec comes as
/// JSON with the message that starts the home (<see cref="AddAdapterFromSpec"/>, or <see cref="HomeAdapter.Spec"/> from
/// a sweep or a handover). An adapter an operator removed keeps its home, which keeps it out of the loop: a command for
/// it is answered unknown by the loop, as on one engine, and a sweep does not bring it back.
/// </remarks>
public sealed class AdapterHome : ReceiveActor
{
    /// <summary>Why an adapter leaves a node's loop when the cluster moves it (the relay tells a move from a removal by it).</summary>
    public const string MovedReason = "moved to another node by the cluster";

    /// <summary>Why a home takes out of its loop an adapter it started before it heard the cluster's ledger keeps it removed.</summary>
    public const string KeptRemovedReason = "removed by an operator (the cluster keeps it out)";

    private static readonly TimeSpan HandOffTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan AddWithin = TimeSpan.FromSeconds(10);
    private readonly string _adapter;
    private readonly IActorRef _loop;
    private readonly Func<string, AdapterDefinition>? _read;
    private AdapterDefinition? _definition;
    private string? _spec;
    private bool _homed;
    private bool _handedOver;
    private bool _refused;
    private bool _stateKnown;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="adapter">The adapter's name (the entity id).</param>
    /// <param name="catalog">The spec's adapters, the same on every node.</param>
    /// <param name="loop">This node's loop.</param>
    /// <param name="read">Reads an added adapter's spec (JSON) into its definition; throws on one it cannot. Null: only the catalog's adapters are homed.</param>
    public AdapterHome(string adapter, IReadOnlyDictionary<string, AdapterDefinition> catalog, IActorRef loop, Func<string, AdapterDefinition>? read = null)
    {
        _adapter = adapter;
        _definition = catalog.GetValueOrDefault(adapter);
        _loop = loop;
        _read = read;
        Receive<HomeAdapter>(OnHome);
        Receive<RouteToAdapter>(m =>
        {
            Home(null); // a command can be the message that starts the home (sharding starts it on its first message)
            _loop.Forward(m.Command); // the loop answers the bus on the node the command came to
            StopIfNothingToRun();
        });
        ReceiveAsync<AddAdapterFromSpec>(AddAsync);
        ReceiveAsync<AdapterHandOff>(_ => HandOffAsync());
        Receive<AddAnswered>(answered =>
        {
            // The loop's answer to the home's own add: a refusal (limits.max_adapters reached on this node) leaves the
            // adapter running nowhere, which an operator must hear of.
            if (!answered.Reply.Ok)
            {
                _refused = true;
                Context.GetLogger().Warning("adapter {0} was homed on this node, but its loop refused it ({1}: {2})", adapter, answered.Reply.ErrorCode, answered.Reply.Message);
            }
        });
        Receive<LoopSupervisor.ControlReply>(static _ => { }); // the loop's answer to a carry or a removal the home told it
    }

    /// <summary>Returns the props for one adapter's home.</summary>
    /// <param name="adapter">The adapter's name.</param>
    /// <param name="catalog">The spec's adapters.</param>
    /// <param name="loop">This node's loop.</param>
    /// <param name="read">Reads an added adapter's spec into its definition (null: the catalog's only).</param>
    /// <returns>The props.</returns>
    public static Props Props(string adapter, IReadOnlyDictionary<string, AdapterDefinition> catalog, IActorRef loop, Func<string, AdapterDefinition>? read = null) =>
        Akka.Actor.Props.Create(() => new AdapterHome(adapter, catalog, loop, read));

    /// <inheritdoc />
    protected override void PostStop()
    {
        if (_homed && !_handedOver)
        {
            _loop.Tell(new LoopSupervisor.RemoveAdapter(_adapter, MovedReason), Self); // unknown to the loop when it was removed: no harm
        }
    }

    private void OnHome(HomeAdapter m)
    {
        if (!_homed)
        {
            if (m.Spec is not null)
            {
                TakeSpec(m.Spec);
            }

            Home(m.Carry); // the message sharding started this home with
            _stateKnown = m.Source != CarrySource.None;
            StopIfNothingToRun();
        }
        else if (m.Carry is { } carry && (m.Source == CarrySource.Handover || (m.Source == CarrySource.Ledger && !_stateKnown)))
        {
            // A sweep started this home a moment before the handover's message came, or started it while the ledger did
            // not answer: the state the adapter brings still applies. A ledger's answer to a home that knows its state is
            // older than what its loop does now, and is not taken.
            _loop.Tell(carry.Removed ? new LoopSupervisor.RemoveAdapter(_adapter, KeptRemovedReason) : new LoopSupervisor.CarryOver(_adapter, carry), Self);
            _stateKnown = true;
        }
        else if (m.Source != CarrySource.None)
        {
            _stateKnown = true;
        }
    }

    /// <summary>
    /// add_adapter, routed here: the loop adds it (or refuses, as one engine does: a name it runs, its limit). Once added,
    /// its spec is what this home hands over and what the cluster's ledger keeps (the router tells it).
    /// </summary>
    private async Task AddAsync(AddAdapterFromSpec m)
    {
        var replyTo = Sender;
        AdapterDefinition definition;
        try
        {
            definition = Read(m.Spec);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException)
        {
            replyTo.Tell(LoopSupervisor.ControlReply.Fail("invalid_args", $"add_adapter: this node cannot read the spec ({ex.Message})"), Self);
            StopIfNothingToRun();
            return;
        }

        LoopSupervisor.ControlReply reply;
        try
        {
            reply = await _loop.Ask<LoopSupervisor.ControlReply>(new LoopSupervisor.AddAdapter(definition), AddWithin);
        }
        catch (AskTimeoutException)
        {
            reply = LoopSupervisor.ControlReply.Fail("unavailable", $"the loop of the node that homes {_adapter} did not answer within {AddWithin.TotalSeconds:0} s; send the command again");
        }

        if (reply.Ok)
        {
            (_definition, _spec, _homed, _refused, _stateKnown) = (definition, m.Spec, true, false, true);
        }

        replyTo.Tell(reply, Self);
        StopIfNothingToRun();
    }

    /// <summary>
    /// The shard is handed off: out of this loop first (confirmed, so the adapter is never in two loops), then a region
    /// is asked to home it (<see cref="NextRegion"/>), which sharding holds until the handoff is over and then places.
    /// An adapter the loop does not have (an operator removed it) goes as removed, so its next node keeps it out too.
    /// </summary>
    private async Task HandOffAsync()
    {
        AdapterCarry? carry = null;
        if (_definition is not null && _homed)
        {
            try
            {
                var reply = await _loop.Ask<LoopSupervisor.ControlReply>(new LoopSupervisor.HandAdapterOver(_adapter, MovedReason), HandOffTimeout);
                carry = reply.Ok ? reply.Result.GetValueOrDefault("carry") as AdapterCarry : _refused ? null : AdapterCarry.RemovedByOperator;
                _handedOver = true;
            }
            catch (AskTimeoutException)
            {
                // PostStop removes it; the next sweep homes it elsewhere.
            }
        }

        if (_handedOver && NextRegion() is { } region)
        {
            region.Tell(new HomeAdapter(_adapter, carry, CarrySource.Handover, _spec)); // disabled, parked, restarts, removed go with it
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
    /// with what it brings from its last node when that message carries it. One removed stays out.
    /// </summary>
    private void Home(AdapterCarry? carry)
    {
        if (_homed || _definition is null)
        {
            return;
        }

        _homed = true;
        if (carry is { Removed: true })
        {
            return; // homed here, kept out of the loop: a command for it is unknown there, as on one engine
        }

        _loop.Ask<LoopSupervisor.ControlReply>(new LoopSupervisor.AddAdapter(_definition, "homed on this node by the cluster", carry), AddWithin)
            .PipeTo(Self, success: static reply => new AddAnswered(reply), failure: static _ => new AddAnswered(LoopSupervisor.ControlReply.Fail("unavailable", "the loop did not answer the add")));
    }

    private void TakeSpec(string spec)
    {
        try
        {
            (_definition, _spec) = (Read(spec), spec);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException)
        {
            Context.GetLogger().Warning("adapter {0}: this node cannot read the spec it was added with ({1}); it runs elsewhere or not at all", _adapter, ex.Message);
        }
    }

    private AdapterDefinition Read(string spec) =>
        _read is null ? throw new InvalidOperationException("this node homes the spec file's adapters only") : _read(spec);

    /// <summary>A name neither the spec nor an add gave a definition (a command for an unknown adapter, a node with an older spec): nothing to run here.</summary>
    private void StopIfNothingToRun()
    {
        if (_definition is null)
        {
            Context.Stop(Self);
        }
    }

    private sealed record AddAnswered(LoopSupervisor.ControlReply Reply);
}
