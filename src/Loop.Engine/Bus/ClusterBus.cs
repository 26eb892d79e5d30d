using Akka.Cluster;
using Akka.Streams;
using Loop.Actors.Cluster;
using Loop.Actors.Loop;
using Loop.Engine.Output;
using Loop.Engine.Persistence;

namespace Loop.Engine.Bus;

/// <summary>
/// What a cluster's bus does once for the whole cluster, run as a ClusterSingleton on one node: it tails the spec's
/// commands file, and it hands the loop's own commands (pause, resume, set_tick, reset_metrics, ack_block loop) to every
/// member's loop, keeping the pause and the tick for nodes that join later. Its state is journaled in the cluster's own
/// stream, <c>engine@cluster</c>: the file's lines are journaled there with their offset, as one engine journals them in
/// its own, so whichever node runs the tail next goes on right after the last line acked, and applies none twice. It
/// also keeps the adapters' ledger (<see cref="AdapterLedger"/>: disabled, parked, restarts, as the nodes relay them),
/// journaled in the cluster's adapters stream, <c>adapters@cluster</c>, for the sweeps that home adapters whose node
/// died or a cluster that starts again; and the command ids the cluster applied (<see cref="ClusterIdClaims"/>, in the
/// same stream), so the same id sent to two nodes is applied once.
/// </summary>
/// <remarks>
/// The file's lines go through a bus of their own (a <see cref="BusActor"/> under this actor, journaling into the
/// cluster's stream) to this node's router, which sends a command to the node that runs its adapter, as for POST /bus.
/// On a handover (the node leaves) the tail stops first, the bus acks what it took, the journal is flushed, and only
/// then does this actor stop: the next node starts after it, from what it journaled.
/// </remarks>
internal sealed partial class ClusterBus : ReceiveActor, IWithUnboundedStash, IWithTimers
{
    /// <summary>The journal's node name for the cluster's own streams (<c>engine@cluster</c>).</summary>
    public const string JournalNode = "cluster";

    /// <summary>How long a member's loop has to answer a loop-wide command before it is counted as missed.</summary>
    private static readonly TimeSpan AnswerWithin = TimeSpan.FromSeconds(5);

    /// <summary>How often the settings are sent again to a member that missed them, and the journal read again when it failed.</summary>
    private static readonly TimeSpan RetryEvery = TimeSpan.FromSeconds(5);

    private readonly BusSettings _bus;
    private readonly StateJournalSettings _journalSettings;
    private readonly Akka.Cluster.Cluster _cluster;
    private readonly Serilog.ILogger _log;
    private readonly HashSet<Address> _owed = [];
    private readonly Dictionary<string, Hosting.NodeLoad> _loads = new(StringComparer.Ordinal);
    private AdapterLedger _ledger = new([]);
    private ClusterIdClaims _claims = new(new RecentIds(), TimeProvider.System); // replaced once the journal is read: claims wait for it (stashed)
    private IActorRef _journal = ActorRefs.Nobody;
    private IActorRef _busActor = ActorRefs.Nobody;
    private CommandFileTail? _tail;
    private static int _journals; // each journal actor a name of its own: one of a failed start may still be stopping
    private bool _paused;
    private int? _tickMs;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="bus">The node's bus settings; its <see cref="BusSettings.Loop"/> is this node's router.</param>
    /// <param name="journal">How the cluster's stream snapshots.</param>
    /// <param name="log">The engine's log.</param>
    public ClusterBus(BusSettings bus, StateJournalSettings journal, Serilog.ILogger log)
    {
        _bus = bus;
        _log = log;
        _journalSettings = journal;
        _cluster = Akka.Cluster.Cluster.Get(Context.System);
        Recovering();
    }

    /// <inheritdoc />
    public IStash Stash { get; set; } = null!;

    /// <inheritdoc />
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Props for the singleton manager.</summary>
    public static Props Props(BusSettings bus, StateJournalSettings journal, Serilog.ILogger log) => Akka.Actor.Props.Create(() => new ClusterBus(bus, journal, log));

    /// <inheritdoc />
    protected override void PreStart() => OpenJournal();

    /// <inheritdoc />
    protected override void PostStop() => _cluster.Unsubscribe(Self);

    private void Recovering()
    {
        Receive<JournalWriter.RecoveredJournal>(OnRecovered);
        Receive<JournalWriter.RecoveryFailed>(failed =>
        {
            _log.Warning("cluster bus: cannot read the cluster's journal ({Problem}); the commands file waits, trying again in {Seconds} s", failed.Problem, RetryEvery.TotalSeconds);
            Context.Stop(_journal);
            Timers.StartSingleTimer(nameof(RetryJournal), RetryJournal.Instance, RetryEvery);
        });
        Receive<RetryJournal>(_ => OpenJournal());
        Receive<HandOver>(_ => Context.Stop(Self)); // nothing taken yet, nothing to finish
        ReceiveAny(_ => Stash.Stash());
    }

    private void Running()
    {
        ReceiveAsync<LoopWideCommand>(OnLoopWideAsync);
        Receive<ClusterEvent.MemberUp>(up => Push(up.Member.Address, onlyChanges: true));
        Receive<ClusterEvent.IMemberEvent>(static _ => { });
        Receive<Pushed>(pushed =>
        {
            // A node is up before its loop is (it joins while its journal replays): told again until its loop answers.
            if (pushed.Answered)
            {
                _owed.Remove(pushed.Node);
            }
            else
            {
                _owed.Add(pushed.Node);
            }
        });
        Receive<RetryOwed>(_ =>
        {
            foreach (var node in _owed.ToList())
            {
                if (_cluster.State.Members.Any(m => m.Address.Equals(node) && m.Status == MemberStatus.Up))
                {
                    Push(node, onlyChanges: false);
                }
                else
                {
                    _owed.Remove(node); // gone: it takes the settings when it joins again (MemberUp)
                }
            }
        });
        Receive<Hosting.NodeLoad>(OnNodeLoad);
        Receive<AdapterCarries>(OnCarries);
        Receive<RecallCarries>(_ => Sender.Tell(_ledger.Recall()));
        Receive<AdmitAdapter>(OnAdmit);
        ReceiveIdClaims();
        Receive<HandOver>(_ => HandOff());
    }

    private void HandingOver()
    {
        // The bus may still wait on a loop-wide command it took from the file: it goes through here.
        ReceiveAsync<LoopWideCommand>(OnLoopWideAsync);
        Receive<RecallCarries>(_ => Sender.Tell(_ledger.Recall())); // still true; a relay's changes wait for the next node (its ask times out and it sends them again)
        ReceiveIdClaims(); // a command under way settles here, journaled before the journal's last flush or not at all
        Receive<HandedOver>(_ => Context.Stop(Self));
        ReceiveAny(static _ => { });
    }

    private void OpenJournal()
    {
        var settings = _journalSettings;
        _journal = Context.ActorOf(Akka.Actor.Props.Create(() => new JournalWriter(settings, null, JournalNode)), $"journal-{Interlocked.Increment(ref _journals)}");
        _journal.Tell(JournalWriter.AwaitRecovery.Instance);
    }

    private void OnRecovered(JournalWriter.RecoveredJournal recovered)
    {
        var state = recovered.Engine.State;
        (_paused, _tickMs) = (state.Paused, state.TickMs);
        _ledger = new AdapterLedger(recovered.Adapters.State.Carries(), recovered.Adapters.State.Added);
        var claimed = recovered.Adapters.State.AppliedIds.Copy();
        claimed.Capacity = _bus.DedupeIds;
        _claims = new ClusterIdClaims(claimed, Loop.Actors.Scheduling.LoopClock.Of(Context.System));
        var journal = _journal;
        var settings = _bus with { Journal = journal, AppliedIds = state.AppliedIds.Copy() };
        _busActor = Context.ActorOf(Akka.Actor.Props.Create(() => new BusActor(settings)), "bus");
        Context.System.EventStream.Subscribe(_busActor, typeof(JournalWriter.JournalHealth)); // applies nothing while the journal is down, as a node's bus
        var materializer = Context.Materializer();
        var resume = state.FileOffset is { } offset ? (offset, state.FileLine) : ((long, long)?)null;
        var path = _bus.Spec.Bus.Commands;
        _tail = CommandFileTail.StartJournaled(path, BusIntake.Start(_busActor, materializer), _bus.Events, materializer, resume, _journal);

        _log.Information(
            "cluster bus: this node tails {Commands} for the cluster from byte {Offset} and keeps the state of {Kept} adapters{Settings}",
            path,
            _tail.Offset,
            _ledger.Count,
            (_paused ? ", the cluster paused" : string.Empty) + (_tickMs is { } tick ? $", tick {tick} ms" : string.Empty));
        _bus.Events.Tell(new EngineLifecycle("bus", new Dictionary<string, object?> { ["commands"] = path, ["offset"] = _tail.Offset, ["cluster"] = true }));

        // Every member now up is told the settings (one that restarted came back with the spec's), and each that joins later.
        _cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents, typeof(ClusterEvent.MemberUp));
        Timers.StartPeriodicTimer(nameof(RetryOwed), RetryOwed.Instance, RetryEvery);
        Become(Running);
        Stash.UnstashAll();
    }

    /// <summary>The tail stops, the bus acks what it took, the journal writes it; then the next node may start.</summary>
    private void HandOff()
    {
        Become(HandingOver);
        var (tail, bus, journal, self) = (_tail, _busActor, _journal, Self);
        _ = Task.Run(async () =>
        {
            if (tail is not null)
            {
                await tail.DisposeAsync().ConfigureAwait(false);
            }

            await AskQuietly<Flush>(bus, Flush.Instance).ConfigureAwait(false);
            await AskQuietly<Flush>(journal, Flush.Instance).ConfigureAwait(false);
            self.Tell(HandedOver.Instance);
        });
    }

    private static async Task<T?> AskQuietly<T>(ICanTell target, object message)
        where T : class
    {
        try
        {
            return target switch
            {
                IActorRef actor when !actor.IsNobody() => await actor.Ask<T>(message, AnswerWithin).ConfigureAwait(false),
                ActorSelection selection => await selection.Ask<T>(message, AnswerWithin).ConfigureAwait(false),
                _ => null,
            };
        }
        catch (AskTimeoutException)
        {
            return null;
        }
    }

    /// <summary>The singleton manager's termination message: hand over to the next node.</summary>
    public sealed class HandOver
    {
        public static readonly HandOver Instance = new();
    }

    private sealed class HandedOver
    {
        public static readonly HandedOver Instance = new();
    }

    private sealed class RetryOwed
    {
        public static readonly RetryOwed Instance = new();
    }

    private sealed class RetryJournal
    {
        public static readonly RetryJournal Instance = new();
    }
}
