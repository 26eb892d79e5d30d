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
/// died or a cluster that starts again.
/// </summary>
/// <remarks>
/// The file's lines go through a bus of their own (a <see cref="BusActor"/> under this actor, journaling into the
/// cluster's stream) to this node's router, which sends a command to the node that runs its adapter, as for POST /bus.
/// On a handover (the node leaves) the tail stops first, the bus acks what it took, the journal is flushed, and only
/// then does this actor stop: the next node starts after it, from what it journaled.
/// </remarks>
internal sealed class ClusterBus : ReceiveActor, IWithUnboundedStash, IWithTimers
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
        Receive<HandOver>(_ => HandOff());
    }

    private void HandingOver()
    {
        // The bus may still wait on a loop-wide command it took from the file: it goes through here.
        ReceiveAsync<LoopWideCommand>(OnLoopWideAsync);
        Receive<RecallCarries>(_ => Sender.Tell(_ledger.Recall())); // still true; a relay's changes wait for the next node (its ask times out and it sends them again)
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
        _ledger = new AdapterLedger(recovered.Adapters.State.Carries());
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

    private async Task OnLoopWideAsync(LoopWideCommand command)
    {
        var replyTo = Sender;
        if (command.Command is LoopSupervisor.ResetMetrics)
        {
            Journal(_ledger.ResetRestarts()); // every loop zeroes its restart counts, and the ledger with them
        }

        if (Settles(command.Command))
        {
            (_paused, _tickMs) = command.Command switch
            {
                LoopSupervisor.Pause => (true, _tickMs),
                LoopSupervisor.Resume => (false, _tickMs),
                LoopSupervisor.SetTick tick => (_paused, (int)tick.Interval.TotalMilliseconds),
                _ => (_paused, _tickMs),
            };

            // Journaled before any loop hears of it: a node that joins after this is told it, whichever node runs the bus then.
            _journal.Tell(new JournalWriter.Lifecycle(EngineState.ClusterLoopEvent, new Dictionary<string, object?>
            {
                ["paused"] = _paused,
                ["tick_ms"] = _tickMs,
                ["by"] = command.Origin,
            }));
            await AskQuietly<Flush>(_journal, Flush.Instance); // no ConfigureAwait(false) in an actor: it goes on in its own context
        }

        var others = ClusterMembers.UpAndReachable(_cluster).Select(static m => m.Address).Where(a => ClusterMembers.NodeName(a) != command.Origin).ToList();
        var loops = others.Select(LoopOf).ToList();
        var answers = await Task.WhenAll(loops.Select(loop => AskQuietly<LoopSupervisor.ControlReply>(loop, command.Command)));
        var refused = new Dictionary<string, string>(StringComparer.Ordinal);
        var missed = new List<string>();
        for (var i = 0; i < others.Count; i++)
        {
            var name = ClusterMembers.NodeName(others[i]);
            switch (answers[i])
            {
                case null:
                    missed.Add(name);
                    if (Settles(command.Command))
                    {
                        _owed.Add(others[i]);
                    }

                    break;
                case { Ok: false } refusal:
                    refused[name] = refusal.Message ?? refusal.ErrorCode!;
                    break;
            }
        }

        replyTo.Tell(new LoopWideApplied(others.Count - missed.Count - refused.Count, refused, missed));
    }

    /// <summary>
    /// A node's changes to its adapters' state: taken into the ledger, journaled, and confirmed once written (a node
    /// that dies right after its change still has it kept).
    /// </summary>
    private void OnCarries(AdapterCarries batch)
    {
        Journal(_ledger.Take(batch));
        var kept = new CarriesKept(batch.Sequence);
        _journal.Ask<Flush>(Flush.Instance, AnswerWithin).PipeTo(Sender, success: _ => kept, failure: _ => kept); // not written in time: it still is, later (the writer keeps it)
    }

    private void Journal(List<KeyValuePair<string, AdapterCarry>> changes)
    {
        foreach (var (adapter, carry) in changes)
        {
            _journal.Tell(new JournalWriter.KeepCarry(adapter, carry));
        }
    }

    /// <summary>A node's report: kept (members only), and answered with every member's latest, the cluster-wide view.</summary>
    private void OnNodeLoad(Hosting.NodeLoad load)
    {
        _loads[load.Node] = load;
        var members = _cluster.State.Members.Select(static m => ClusterMembers.NodeName(m.Address)).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in _loads.Keys.Where(n => !members.Contains(n)).ToList())
        {
            _loads.Remove(gone);
        }

        // A List, not a collection expression: the answer crosses to other nodes, and Akka's JSON serializer cannot
        // build the compiler's own read-only list type back.
        Sender.Tell(new Hosting.ClusterLoad(_loads.Values.OrderBy(static l => l.Node, StringComparer.Ordinal).ToList()));
    }

    /// <summary>Tells a member's loop the settings; with <paramref name="onlyChanges"/> only what differs from the spec (a node starts on it).</summary>
    private void Push(Address node, bool onlyChanges)
    {
        var messages = new List<object>();
        if (_paused || !onlyChanges)
        {
            messages.Add(_paused ? new LoopSupervisor.Pause() : new LoopSupervisor.Resume());
        }

        if (_tickMs is { } tick && (tick != _bus.Spec.Loop.TickMs || !onlyChanges))
        {
            messages.Add(new LoopSupervisor.SetTick(TimeSpan.FromMilliseconds(tick)));
        }

        if (messages.Count == 0)
        {
            return;
        }

        var loop = LoopOf(node);
        var self = Self;
        _ = Task.Run(async () =>
        {
            var answered = true;
            foreach (var message in messages)
            {
                answered &= await AskQuietly<LoopSupervisor.ControlReply>(loop, message).ConfigureAwait(false) is not null;
            }

            self.Tell(new Pushed(node, answered));
        });
        _log.Information("cluster bus: telling {Node} the cluster's loop settings (paused: {Paused}, tick: {TickMs})", ClusterMembers.NodeName(node), _paused, _tickMs?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "the spec's");
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

    private ActorSelection LoopOf(Address node) => Context.ActorSelection(new RootActorPath(node) / "user" / "loop");

    /// <summary>Whether the command changes what a node that joins later must be told.</summary>
    private static bool Settles(object command) => command is LoopSupervisor.Pause or LoopSupervisor.Resume or LoopSupervisor.SetTick;

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

    private sealed record Pushed(Address Node, bool Answered);

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
