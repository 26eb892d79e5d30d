using Akka;
using Akka.Cluster;

namespace Loop.Actors.Cluster;

/// <summary>
/// Makes sure every adapter of the spec has a home somewhere in the cluster. Sharding starts an entity when a
/// message reaches it, and does not restart the entities of a node that died; so each node sends every adapter
/// a <see cref="HomeAdapter"/> when it joins, whenever a member leaves or is removed (its adapters must move
/// now, not at the next sweep), and, on the leader, every <see cref="SweepEvery"/> besides. A message to an adapter already home
/// costs a hop and changes nothing.
/// </summary>
public sealed class AdapterHoming : ReceiveActor, IWithTimers
{
    /// <summary>The actor's name under /user, the same on every node.</summary>
    public const string Name = "adapter-homing";

    /// <summary>The period of the sweep that catches what the membership events did not.</summary>
    public static readonly TimeSpan SweepEvery = TimeSpan.FromSeconds(5);

    private readonly IReadOnlyCollection<string> _adapters;
    private readonly IActorRef _region;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="adapters">The spec's adapter names.</param>
    /// <param name="region">The adapters' shard region on this node.</param>
    public AdapterHoming(IReadOnlyCollection<string> adapters, IActorRef region)
    {
        _adapters = adapters;
        _region = region;
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
    /// <returns>The props.</returns>
    public static Props Props(IReadOnlyCollection<string> adapters, IActorRef region) =>
        Akka.Actor.Props.Create(() => new AdapterHoming(adapters, region));

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

    private void Sweep()
    {
        foreach (var adapter in _adapters)
        {
            _region.Tell(new HomeAdapter(adapter), Self);
        }
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
