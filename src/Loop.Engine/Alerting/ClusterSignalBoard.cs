using Akka.Cluster;
using Loop.Actors.Cluster;
using Loop.Actors.RAxis;
using Loop.Actors.Scheduling;

namespace Loop.Engine.Alerting;

/// <summary>
/// The cluster's one view of its R-Axis signals, run as a ClusterSingleton: the nodes send their changes
/// (<see cref="NodeSignal"/>) and, every few seconds, all they hold (<see cref="NodeSignals"/>); the board merges them
/// (<see cref="ClusterSignals"/>) and tells the Alertmanager notifier under it only the cluster's changes, so a signal
/// is one alert however many nodes see it. When the board moves to another node (the oldest left), the new one starts
/// empty and has the whole picture from the nodes' next reports; Alertmanager keeps the alerts meanwhile.
/// </summary>
internal sealed class ClusterSignalBoard : ReceiveActor, IWithTimers
{
    /// <summary>How long a withdrawn scope keeps its level for the node its adapter moved to (a kill -9 re-homes within 15 s).</summary>
    public static readonly TimeSpan HoldWithdrawn = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan ExpireEvery = TimeSpan.FromSeconds(1);
    private readonly ClusterSignals _signals = new(HoldWithdrawn);
    private readonly Props? _notifierProps;
    private readonly TimeProvider _time;
    private IActorRef? _notifier;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="notifier">The Alertmanager notifier's props, or null when the spec names no Alertmanager (the board then only merges).</param>
    public ClusterSignalBoard(Props? notifier)
    {
        _notifierProps = notifier;
        _time = LoopClock.Of(Context.System);
        Receive<NodeSignal>(m => Tell(_signals.Take(m.Node, m.Signal, _time.GetUtcNow())));
        Receive<NodeSignals>(m => Tell(_signals.TakeSnapshot(m.Node, m.Active, _time.GetUtcNow())));
        Receive<ClusterEvent.MemberRemoved>(m => _signals.NodeGone(ClusterMembers.NodeName(m.Member.Address), _time.GetUtcNow()));
        Receive<ClusterEvent.IMemberEvent>(static _ => { });
        Receive<Expire>(_ => Tell(_signals.Expire(_time.GetUtcNow())));
        ReceiveAsync<NodeStopping>(OnNodeStoppingAsync);
    }

    /// <inheritdoc />
    public ITimerScheduler Timers { get; set; } = null!;

    /// <inheritdoc />
    protected override void PreStart()
    {
        if (_notifierProps is not null)
        {
            _notifier = Context.ActorOf(_notifierProps, "alertmanager");
        }

        Akka.Cluster.Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents, typeof(ClusterEvent.IMemberEvent));
        Timers.StartPeriodicTimer(nameof(Expire), Expire.Instance, ExpireEvery);
    }

    /// <inheritdoc />
    protected override void PostStop() => Akka.Cluster.Cluster.Get(Context.System).Unsubscribe(Self);

    private void Tell(RAxisSignal? change)
    {
        if (change is not null)
        {
            _notifier?.Tell(change, Self);
        }
    }

    private void Tell(IReadOnlyList<RAxisSignal> changes)
    {
        foreach (var change in changes)
        {
            Tell(change);
        }
    }

    private async Task OnNodeStoppingAsync(NodeStopping stopping)
    {
        var replyTo = Sender;
        Tell(_signals.TakeSnapshot(stopping.Node, stopping.Active, _time.GetUtcNow()));
        var others = Akka.Cluster.Cluster.Get(Context.System).State.Members
            .Count(m => (m.Status is MemberStatus.Up or MemberStatus.Joining or MemberStatus.WeaklyUp) && ClusterMembers.NodeName(m.Address) != stopping.Node);
        if (others == 0 && _notifier is { } notifier)
        {
            // The last engine of the cluster stops: its signals are not known to hold any more (as for one engine).
            await notifier.Ask<AlertmanagerNotifier.ResolveAll>(AlertmanagerNotifier.ResolveAll.Instance, TimeSpan.FromSeconds(10));
        }

        replyTo.Tell(stopping, Self);
    }

    private sealed class Expire
    {
        public static readonly Expire Instance = new();
    }
}
