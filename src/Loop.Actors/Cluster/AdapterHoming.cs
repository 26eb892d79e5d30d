using Akka;
using Akka.Event;
using Akka.Cluster;

namespace Loop.Actors.Cluster;

/// <summary>
/// Makes sure every adapter of the cluster (the spec's, and the ones the ledger keeps as added at run time) has a home
/// somewhere in the cluster. Sharding starts an entity when a
/// message reaches it, and does not restart the entities of a node that died; so each node sends every adapter
/// a <see cref="HomeAdapter"/> when it joins, whenever a member leaves or is removed (its adapters must move
/// now, not at the next sweep), and, on the leader, every <see cref="SweepEvery"/> besides. A message to an adapter already home
/// costs a hop and changes nothing.
/// </summary>
/// <remarks>
/// Each sweep first asks the cluster's ledger (<see cref="AdapterLedger"/>) what it keeps of the adapters, so one whose
/// node died starts as it was there (disabled, parked, its restarts), and so does every adapter when the whole cluster
/// starts again. When the ledger does not answer within <see cref="RecallWithin"/> (its node died with the adapters and
/// it is still moving) the sweep homes them fresh rather than leave them unprobed, and says so; the next sweep that
/// reaches the ledger brings their state to the homes that started without it.
/// </remarks>
public sealed class AdapterHoming : ReceiveActor, IWithTimers
{
    /// <summary>The actor's name under /user, the same on every node.</summary>
    public const string Name = "adapter-homing";

    /// <summary>The period of the sweep that catches what the membership events did not.</summary>
    public static readonly TimeSpan SweepEvery = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a sweep waits for the ledger before it homes the adapters without their state: short, for a sweep after
    /// a node died must not hold its adapters back long (issue 19: probing again within 15 s of a kill -9).
    /// </summary>
    public static readonly TimeSpan RecallWithin = TimeSpan.FromSeconds(3);

    /// <summary>
    /// How long this node's first sweep waits: when the whole cluster starts, the ledger's singleton starts with it
    /// (and replays its journal), and no adapter runs yet that waiting would stop.
    /// </summary>
    public static readonly TimeSpan FirstRecallWithin = TimeSpan.FromSeconds(10);

    private readonly IReadOnlySet<string> _adapters;
    private readonly IActorRef _region;
    private readonly IActorRef _ledger;
    private Dictionary<string, string> _added = new(StringComparer.Ordinal);
    private bool _recalling;
    private bool _sweepAgain;
    private bool _swept;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="adapters">The spec's adapter names.</param>
    /// <param name="region">The adapters' shard region on this node.</param>
    /// <param name="ledger">The proxy to the singleton that keeps the cluster's <see cref="AdapterLedger"/>.</param>
    public AdapterHoming(IReadOnlyCollection<string> adapters, IActorRef region, IActorRef ledger)
    {
        _adapters = adapters.ToHashSet(StringComparer.Ordinal);
        _region = region;
        _ledger = ledger;
        Receive<RecalledCarries>(recalled => Home(recalled));
        Receive<NotRecalled>(_ =>
        {
            Context.GetLogger().Warning("the cluster's ledger did not answer a sweep in time (it may be moving with a node that died): adapters without a home start fresh, and take their state at the next sweep that reaches it");
            Home(null);
        });
        Receive<ClusterEvent.MemberUp>(up =>
        {
            if (up.Member.Address.Equals(Akka.Cluster.Cluster.Get(Context.System).SelfAddress))
            {
                Sweep(); // this node is in: every adapter gets a home (its own, or one already running elsewhere)
            }
        });
        Receive<ClusterEvent.MemberRemoved>(_ => Sweep());
        Receive<ClusterEvent.MemberExited>(_ => Sweep());
        Receive<Tick>(_ =>
        {
            // The periodic sweep is a safety net: the leader's alone is enough, and every node's would cost
            // (nodes - 1) / nodes of its messages a remote hop each (1,200 a second at 3 nodes and 3,000 adapters).
            var cluster = Akka.Cluster.Cluster.Get(Context.System);
            if (cluster.SelfAddress.Equals(cluster.State.Leader))
            {
                Sweep();
            }
        });
        Receive<SweepNow>(_ => Sweep());
        Receive<ClusterEvent.IMemberEvent>(static _ => { });
        Receive<ClusterEvent.CurrentClusterState>(static _ => { });
    }

    /// <inheritdoc />
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Returns the props.</summary>
    /// <param name="adapters">The spec's adapter names.</param>
    /// <param name="region">The adapters' shard region on this node.</param>
    /// <param name="ledger">The proxy to the singleton that keeps the cluster's ledger.</param>
    /// <returns>The props.</returns>
    public static Props Props(IReadOnlyCollection<string> adapters, IActorRef region, IActorRef ledger) =>
        Akka.Actor.Props.Create(() => new AdapterHoming(adapters, region, ledger));

    /// <summary>
    /// A leaving node's shards have been handed off (cluster-leave comes after cluster-sharding-shutdown-region): the
    /// other members sweep now, so its adapters start on them at once rather than when its exit reaches them.
    /// </summary>
    /// <param name="system">The leaving node's actor system.</param>
    /// <returns>Done, once told.</returns>
    public static Task<Done> AskOthersToSweep(ActorSystem system)
    {
        var cluster = Akka.Cluster.Cluster.Get(system);
        foreach (var member in ClusterMembers.OthersUp(cluster))
        {
            system.ActorSelection(new RootActorPath(member.Address) / "user" / Name).Tell(SweepNow.Instance);
        }

        return Task.FromResult(Done.Instance);
    }

    /// <inheritdoc />
    protected override void PreStart()
    {
        Akka.Cluster.Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents, typeof(ClusterEvent.IMemberEvent));
        Timers.StartPeriodicTimer("sweep", Tick.Instance, SweepEvery);
    }

    /// <inheritdoc />
    protected override void PostStop() => Akka.Cluster.Cluster.Get(Context.System).Unsubscribe(Self);

    /// <summary>Asks the ledger, then homes (<see cref="Home"/>); a sweep asked for meanwhile follows that one.</summary>
    private void Sweep()
    {
        if (_recalling)
        {
            _sweepAgain = true;
            return;
        }

        _recalling = true;
        var within = _swept ? RecallWithin : FirstRecallWithin;
        _swept = true;
        _ledger.Ask<RecalledCarries>(RecallCarries.Instance, within).PipeTo(Self, failure: static _ => NotRecalled.Instance);
    }

    private void Home(RecalledCarries? recalled)
    {
        // The adapters added at run time are homed as the spec's are, with their specs; when the ledger does not answer,
        // the ones it named last time still are.
        _added = recalled?.Added ?? _added;
        var carries = recalled?.ToCarries();
        var source = recalled is null ? CarrySource.None : CarrySource.Ledger;
        foreach (var adapter in _adapters.Concat(_added.Keys.Where(a => !_adapters.Contains(a))))
        {
            _region.Tell(new HomeAdapter(adapter, carries?.GetValueOrDefault(adapter), source, _added.GetValueOrDefault(adapter)), Self);
        }

        _recalling = false;
        if (_sweepAgain)
        {
            _sweepAgain = false;
            Sweep();
        }
    }

    private sealed class NotRecalled
    {
        public static readonly NotRecalled Instance = new();
    }

    private sealed class Tick
    {
        public static readonly Tick Instance = new();
    }

    /// <summary>Another node asks for a sweep now: its adapters were just handed off.</summary>
    public sealed class SweepNow
    {
        /// <summary>The one instance.</summary>
        public static readonly SweepNow Instance = new();
    }
}
