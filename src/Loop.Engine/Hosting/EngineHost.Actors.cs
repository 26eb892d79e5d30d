using Akka;
using Akka.Streams;
using Akka.Cluster.Tools.Singleton;
using Akka.Hosting;
using Loop.Actors.Loop;
using Loop.Actors.Scheduling;
using Loop.Engine.Alerting;
using Loop.Engine.Bus;
using Loop.Engine.Output;
using Loop.Engine.Journal;
using Loop.Engine.Persistence;

namespace Loop.Engine.Hosting;

/// <summary>The engine's actors, started by Akka.Hosting (<c>WithActors</c>) once the files and the journal are open.</summary>
internal sealed partial class EngineHost
{
    private IActorRef? _loop;
    private IActorRef? _busTarget;
    private IActorRef _csv = ActorRefs.Nobody;
    private IActorRef _events = ActorRefs.Nobody;
    private IActorRef _bus = ActorRefs.Nobody;
    private IActorRef _journalWriter = ActorRefs.Nobody;
    private IActorRef? _notifier;
    private IActorRef? _signalRelay;
    private HealthMonitor? _health;
    private CommandFileTail? _tail;
    private Akka.Streams.Dsl.Sink<BusLine, NotUsed>? _intake;
    private IMaterializer? _materializer;
    private Recovered? _recovered;
    private IActorRef _logger = ActorRefs.Nobody;
    private string? _run;

    /// <summary>How long the start waits for the journal to replay: a database that does not answer is one line, not a hang.</summary>
    private static readonly TimeSpan RecoveryTimeout = TimeSpan.FromSeconds(10);

    private IActorRegistry? _registry;

    /// <summary>The cluster's work as the cluster's bus last told this node (<see cref="NodeLoadReporter"/>); /status reads it.</summary>
    private ClusterLoad? _clusterLoad;

    /// <summary>The cluster's bus singleton's name (its manager's under /user, and its proxy's with <c>-proxy</c>).</summary>
    private const string ClusterBusName = "cluster-bus";

    /// <summary>
    /// Akka.Hosting's <c>WithActors</c>: the writers (metrics.csv, events.jsonl, the log) and the journal
    /// writer, whose streams start replaying at once; the loop and the bus wait for them (<see cref="StartEngineAsync"/>).
    /// </summary>
    private void StartActors(ActorSystem system, IActorRegistry registry)
    {
        _system = system;
        _registry = registry;
        var log = _log!;
        _logger = SystemActorOf(Props.Create(() => new EventStreamLogger(log)), "event-logger");
        _run = MetricsCsvWriter.RunId(LoopClock.Of(system).GetUtcNow(), Environment.ProcessId);
        var run = _run;
        var csvFile = _csvFile!;
        var eventsFile = _eventsFile!;
        _csv = SystemActorOf(Props.Create(() => new MetricsCsvWriter(csvFile, run)), "metrics-csv");
        _events = SystemActorOf(Props.Create(() => new EventsJsonlWriter(eventsFile)), "events-jsonl");
        var settings = StateJournalSettings.Engine(_spec.Storage.SnapshotEvery, _spec.Storage.DedupeIds);
        var file = _database.File;
        var node = _spec.Cluster?.Node;
        _journalWriter = SystemActorOf(Props.Create(() => new JournalWriter(settings, file, node)), "journal");
        Subscribe(_logger, typeof(JournalWriter.JournalUnavailable), typeof(JournalWriter.JournalHealth), typeof(OutputHealth));
    }

    /// <summary>
    /// Once the journal has replayed (a hosted service after Akka's, so a journal that cannot be read fails
    /// the start in one line): the loop on what it kept, the owed acks, the bus and its sources, alerting.
    /// </summary>
    private async Task StartEngineAsync(CancellationToken cancellationToken)
    {
        var system = _system!;
        var log = _log!;
        var logger = _logger;
        var run = _run!;
        var relay = SystemActorOf(Props.Create(() => new CompletionRelay(_finished)), "completion");
        Subscribe(logger, typeof(AdapterRestartScheduled), typeof(Akka.Event.DeadLetter), typeof(AdapterStateChanged), typeof(BusCommandHandled), typeof(Loop.Actors.RAxis.RAxisSignal), typeof(AlertmanagerUnavailable));
        Subscribe(_csv, typeof(TickCompleted));
        Subscribe(_events, typeof(AdapterRestartScheduled), typeof(AdapterStateChanged), typeof(Loop.Actors.RAxis.RAxisSignal), typeof(LoopPauseChanged));
        Subscribe(relay, typeof(LoopFinished));
        var liveFeed = _liveFeed;
        Subscribe(SystemActorOf(Props.Create(() => new Live.LiveFeedWriter(liveFeed)), "live-feed"), typeof(TickCompleted), typeof(AdapterStateChanged), typeof(Loop.Actors.RAxis.RAxisSignal));

        _events.Tell(new EngineLifecycle("started", new Dictionary<string, object?>
        {
            ["run"] = run,
            ["version"] = Version,
            ["spec"] = _spec.Source,
            ["tick_ms"] = _spec.Loop.TickMs,
            ["ticks"] = _spec.Loop.Ticks,
            ["adapters"] = _spec.Adapters.Count,
            ["pid"] = Environment.ProcessId,
        }), ActorRefs.NoSender);

        var recovered = await RecoverAsync(system, cancellationToken).ConfigureAwait(false);
        var warnings = new List<string>();
        // A node of a cluster keeps the cluster's pause, tick and adapter set, which the cluster's bus tells it once it
        // is up (ClusterBus, AdapterHoming), not what its own stream last said: a node that was down meanwhile would
        // come back wrong.
        var options = LoopOptionsFactory.Create(_spec, recovered.FoundAnything ? WithoutClusterStateOnCluster(recovered.State) : null, warnings.Add);
        var state = recovered.State;
        state.AppliedIds.Capacity = _spec.Storage.DedupeIds;
        _recovered = new Recovered(
            recovered,
            state.AppliedIds.Copy(),
            state.FileOffset is { } offset ? (offset, state.FileLine) : null,
            options,
            warnings);
        foreach (var ack in recovered.Acks)
        {
            _events.Tell(new EventLine(ack), ActorRefs.NoSender); // owed from before the crash, before any new ack
        }

        Subscribe(_journalWriter, typeof(AdapterStateChanged), typeof(Loop.Actors.RAxis.RAxisSignal));
        _journalWriter.Tell(new JournalWriter.Lifecycle("started", new Dictionary<string, object?> { ["pid"] = Environment.ProcessId, ["version"] = Version }), ActorRefs.NoSender);
        // A node of a cluster runs the adapters the cluster homes on it (AdapterSharding), each on one node only:
        // its loop starts empty, and the spec's adapters are the catalog the homes draw from.
        var homed = _spec.Cluster is not null;
        _loop = system.ActorOf(LoopSupervisor.Props(homed ? options with { Adapters = [] } : options, new Loop.Actors.Telemetry.LoopMetrics(_metricsRegistry)), "loop");
        _busTarget = _loop;
        if (homed)
        {
            // The bus reaches an adapter on whichever node runs it: through the router, not this node's loop alone.
            var clusterBus = system.ActorOf(ClusterSingletonProxy.Props("/user/" + ClusterBusName, ClusterSingletonProxySettings.Create(system)), ClusterBusName + "-proxy");
            var spec = _spec;
            var region = Loop.Actors.Cluster.AdapterSharding.Start(system, options.Adapters, _loop, clusterBus, json => LoopOptionsFactory.ReadAdded(json, spec));
            _busTarget = system.ActorOf(Loop.Actors.Cluster.ClusterCommandRouter.Props(_loop, region, clusterBus), "bus-router");
            var node = _spec.Cluster!.Node;
            Subscribe(SystemActorOf(Props.Create(() => new NodeLoadReporter(node, clusterBus, load => Volatile.Write(ref _clusterLoad, load))), "node-load"), typeof(TickCompleted));
        }

        _registry!.Register<LoopSupervisor>(_loop);
        log.Information(
            "engine started: loop {Version}, spec {Spec}, {Adapters} adapters, tick {TickMs} ms, deadline {DeadlineMs} ms, {Ticks} ticks (0 = until stopped), pid {Pid}",
            Version,
            _spec.Source,
            _spec.Adapters.Count,
            _spec.Loop.TickMs,
            _spec.Loop.DeadlineMs,
            _spec.Loop.Ticks,
            Environment.ProcessId);

        _health = new HealthMonitor(LoopClock.Of(system), TimeSpan.FromMilliseconds(_spec.Loop.TickMs));
        var health = _health;
        var healthRelay = SystemActorOf(Props.Create(() => new HealthMonitor.Relay(health, _engineMetrics)), "health");
        Subscribe(healthRelay, typeof(TickCompleted), typeof(LoopFinished), typeof(JournalWriter.JournalHealth), typeof(OutputHealth));
        _engineMetrics.OutputDropped(_spec.Output.MetricsCsv, 0);
        _engineMetrics.OutputDropped(_spec.Bus.Events, 0);
        StartBus(_registry);
        StartAlerting();
        LogRecovery();
        AddShutdownTasks();
        _actorsStarted = true;
    }

    /// <summary>Waits for both journal streams to replay (at most <see cref="RecoveryTimeout"/>), then reads what is owed.</summary>
    private async Task<RecoveredEngine> RecoverAsync(ActorSystem system, CancellationToken cancellationToken)
    {
        object answer;
        try
        {
            answer = await _journalWriter.Ask(JournalWriter.AwaitRecovery.Instance, RecoveryTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (AskTimeoutException)
        {
            throw new JournalException($"the {_spec.Storage.Provider} journal ({_database.Where}) did not replay within {RecoveryTimeout.TotalSeconds} s; check that the database answers (engine.log has the details)");
        }

        return answer switch
        {
            JournalWriter.RecoveredJournal journal => await EngineRecovery.RecoverAsync(system, journal, _spec.Bus.Events, TimeProvider.System, cancellationToken).ConfigureAwait(false),
            JournalWriter.RecoveryFailed failed => throw new JournalException($"cannot read the {_spec.Storage.Provider} journal ({_database.Where}): {failed.Problem}; check that the database answers and is loop's"),
            _ => throw new InvalidOperationException($"the journal answered {answer.GetType().Name}"),
        };
    }

    /// <summary>The bus actor, then its sources: the commands file and, when asked, standard input.</summary>
    private void StartBus(IActorRegistry registry)
    {
        var settings = new BusSettings(_spec, _busTarget!, _events, status => StatusDocument.Render(status, _spec, _health!, ClusterViewNow()), () => Shutdown(EngineStopReason.StopCommand), _engineMetrics)
        {
            Journal = _journalWriter,
            AppliedIds = _recovered!.AppliedIds,
            DedupeIds = _spec.Storage.DedupeIds,
            ClusterIds = _spec.Cluster is not null,
        };
        _bus = SystemActorOf(Props.Create(() => new BusActor(settings)), "bus");
        registry.Register<BusActor>(_bus);
        Subscribe(_bus, typeof(JournalWriter.JournalHealth));
        var system = _system!;
        var materializer = _materializer = system.Materializer();
        var intake = _intake = BusIntake.Start(_bus, materializer);
        if (_spec.Cluster is not null)
        {
            // The commands file is the cluster's: one node tails it (the cluster's bus, a ClusterSingleton), its
            // offset and applied ids in the cluster's journal stream, so a file the nodes share is applied once.
            var journal = StateJournalSettings.Engine(_spec.Storage.SnapshotEvery, _spec.Storage.DedupeIds);
            system.ActorOf(ClusterSingletonManager.Props(ClusterBus.Props(settings, journal, _log!), ClusterBus.HandOver.Instance, ClusterSingletonManagerSettings.Create(system)), ClusterBusName);
            _log!.Information("bus: tailing {Commands} through the cluster's bus (one node of the cluster reads it for all)", _spec.Bus.Commands);
        }
        else
        {
            StartFileTail(intake, materializer);
        }

        _busReady = true; // POST /bus answered 503 until now
        _events.Tell(new EngineLifecycle("bus", new Dictionary<string, object?>
        {
            ["commands"] = _spec.Bus.Commands,
            ["offset"] = _tail?.Offset,
            ["stdin"] = _busFromStdin,
            ["http"] = true,
        }), ActorRefs.NoSender);
        if (_busFromStdin)
        {
            _ = Task.Run(async () =>
            {
                try
                {
                    await StreamFeeder.FeedAsync(Console.OpenStandardInput(), BusSource.Stdin, intake, materializer, _stdinStop.Token).ConfigureAwait(false);
                    _log!.Information("bus: standard input closed; the file and /bus still take commands");
                }
                catch (OperationCanceledException)
                {
                    // stopping
                }
            });
        }
    }

    /// <summary>One engine's tail of its commands file, from where its journal says the last acked line ended.</summary>
    private void StartFileTail(Akka.Streams.Dsl.Sink<BusLine, NotUsed> intake, IMaterializer materializer)
    {
        _tail = CommandFileTail.StartJournaled(_spec.Bus.Commands, intake, _events, materializer, _recovered!.FileResume, _journalWriter);
        if (_recovered.FileResume is null)
        {
            _log!.Information("bus: tailing {Commands} from byte {Offset} (lines already there belong to earlier runs)", _spec.Bus.Commands, _tail.StartedAt);
        }
        else
        {
            _log!.Information("bus: tailing {Commands} from byte {Offset}, right after line {Line}, the last one the journal has", _spec.Bus.Commands, _tail.Offset, _recovered.FileResume.Value.Line);
        }
    }

    private EngineState WithoutClusterStateOnCluster(EngineState state)
    {
        if (_spec.Cluster is null)
        {
            return state;
        }

        // The adapter set is the cluster's too: the spec's, less the ones removed and plus the ones added, as the
        // cluster's ledger keeps them (adapters@cluster). What this node's own bus took is not this node's to run.
        var node = state.Copy();
        node.ApplyClusterLoop(false, null);
        node.Added.Clear();
        node.Removed.Clear();
        return node;
    }

    /// <summary>
    /// When the spec names an Alertmanager, active R-Axis signals go there: from this engine's own notifier, or on a node
    /// of a cluster from the notifier under the cluster's signal board, so that a signal is one alert, not one per node.
    /// </summary>
    private void StartAlerting()
    {
        if (_spec.Alertmanager.Url is not { } url)
        {
            return;
        }

        if (_spec.Cluster is { } cluster)
        {
            var boards = Props.Create(() => new AlertmanagerNotifier(url, _spec.Loop.Name, _alertmanagerHttp, _engineMetrics, true));
            _signalRelay = ClusterAlerting.Start(_system!, boards, cluster.Node);
            _log!.Information("alerts: the cluster's R-Axis signals go to {Alertmanager}, from the signal board (one node of the cluster posts them)", url.ToString());
            return;
        }

        var notifier = _notifier = SystemActorOf(Props.Create(() => new AlertmanagerNotifier(url, _spec.Loop.Name, _alertmanagerHttp, _engineMetrics, false)), "alertmanager");
        Subscribe(notifier, typeof(Loop.Actors.RAxis.RAxisSignal));
        _log!.Information("alerts: active R-Axis signals go to {Alertmanager}", url.ToString());
    }

    private IActorRef SystemActorOf(Props props, string name) => ((ExtendedActorSystem)_system!).SystemActorOf(props, name);

    private void Subscribe(IActorRef subscriber, params Type[] types)
    {
        foreach (var type in types)
        {
            _system!.EventStream.Subscribe(subscriber, type);
        }
    }
}
