using System.Globalization;
using System.Reflection;
using Loop.Actors.Loop;
using Loop.Actors.Telemetry;
using Loop.Engine.Alerting;
using Loop.Engine.Bus;
using Loop.Engine.Cli;
using Loop.Engine.Journal;
using Loop.Engine.Output;
using Loop.Engine.Persistence;
using Loop.Exporter.Collection;
using Loop.Exporter.Endpoint;
using Loop.Engine.Spec;
using Serilog;
using Serilog.Core;

namespace Loop.Engine.Hosting;

/// <summary>
/// The running engine: its log, output files, actor system and loop, started and stopped as one.
/// Stopping finishes the tick in flight, flushes metrics.csv and events.jsonl, then stops every actor.
/// </summary>
internal sealed partial class EngineHost : IAsyncDisposable
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);
    private readonly Logger _log;
    private readonly ActorSystem _system;
    private readonly LoopSpec _spec;
    private readonly IActorRef _loop;
    private readonly IActorRef _csv;
    private readonly IActorRef _events;
    private readonly TaskCompletionSource<LoopFinished> _finished;
    private readonly TaskCompletionSource _stopRequested = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly EngineMetrics _engineMetrics = new();
    private readonly HttpClient _alertmanagerHttp = new();
    private readonly CancellationTokenSource _stdinStop = new();
    private MeterCollector? _collector;
    private MetricsEndpoint? _endpoint;
    private HealthMonitor? _health;
    private IActorRef _bus = ActorRefs.Nobody;
    private volatile bool _busReady;
    private IActorRef? _notifier;
    private CommandFileTail? _tail;
    private IJournal? _journal;
    private IActorRef _journalWriter = ActorRefs.Nobody;
    private Recovered? _recovered;

    private EngineHost(Logger log, ActorSystem system, LoopSpec spec, IActorRef loop, IActorRef csv, IActorRef events, TaskCompletionSource<LoopFinished> finished)
    {
        _log = log;
        _system = system;
        _spec = spec;
        _loop = loop;
        _csv = csv;
        _events = events;
        _finished = finished;
    }

    public static string Version =>
        typeof(EngineHost).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    /// <summary>
    /// Binds the endpoint first, then starts the engine: a port in use is one clear error before any
    /// file is written or any tick runs.
    /// </summary>
    /// <param name="spec">The validated spec.</param>
    /// <param name="busFromStdin">Whether standard input feeds the command bus too (<c>--bus stdin</c>).</param>
    public static async Task<EngineHost> StartAsync(LoopSpec spec, bool busFromStdin = false)
    {
        // Listen before the first measurement, so the first scrape already sees every tick.
        var collector = new MeterCollector(LoopMetrics.MeterName);
        EngineHost? host = null;
        HealthMonitor? health = null;
        MetricsEndpoint endpoint;
        try
        {
            endpoint = await MetricsEndpoint.StartAsync(
                new EndpointOptions
                {
                    Host = spec.Exporter.Host,
                    Port = spec.Exporter.Port,
                    Healthy = () => health?.Healthy ?? false,
                    Degraded = () => health?.Degraded,
                    Status = token => host is null ? Task.FromResult("{\"loop\":{\"state\":\"starting\"}}") : host.StatusAsync(token),
                    Bus = (body, token) => StreamFeeder.RequestAsync(body, host!._bus, token),
                    BusReady = () => host is { _busReady: true },
                    Token = spec.Exporter.Token,
                },
                collector).ConfigureAwait(false);
        }
        catch (EndpointBindException ex)
        {
            collector.Dispose();
            throw new LoopCliException(ex.Message);
        }

        IJournal? journal = null;
        try
        {
            // Recovered before the loop exists: its first tick already runs on what the journal kept.
            journal = await JournalFactory.OpenAsync(spec.Storage, CancellationToken.None).ConfigureAwait(false);
            var recovered = await EngineRecovery.RecoverAsync(journal, spec.Bus.Events, TimeProvider.System, CancellationToken.None).ConfigureAwait(false);
            host = Start(spec, journal, recovered);
        }
        catch (Exception ex)
        {
            if (host is null && journal is not null)
            {
                await journal.DisposeAsync().ConfigureAwait(false);
            }

            await endpoint.DisposeAsync().ConfigureAwait(false);
            collector.Dispose();
            if (ex is JournalException)
            {
                throw new LoopCliException(ex.Message);
            }

            throw;
        }

        host._collector = collector;
        host._endpoint = endpoint;
        health = new HealthMonitor(Loop.Actors.Scheduling.LoopClock.Of(host._system), TimeSpan.FromMilliseconds(spec.Loop.TickMs));
        host._health = health;
        var relay = SystemActorOf(host._system, Props.Create(() => new HealthMonitor.Relay(health, host._engineMetrics)), "health");
        Subscribe(host._system, relay, typeof(TickCompleted), typeof(LoopFinished), typeof(JournalWriter.JournalHealth), typeof(OutputHealth));
        host._engineMetrics.OutputDropped(spec.Output.MetricsCsv, 0);
        host._engineMetrics.OutputDropped(spec.Bus.Events, 0);
        host.StartBus(busFromStdin);
        host.StartAlerting();
        host.LogRecovery();
        host._log.Information("endpoint listening on {Address} (/metrics, /healthz, /status, /bus)", endpoint.Address.ToString().TrimEnd('/'));
        return host;
    }

    private Task<string> StatusAsync(CancellationToken cancellationToken) =>
        _health is null ? Task.FromResult("{\"loop\":{\"state\":\"starting\"}}") : StatusDocument.RenderAsync(_loop, _spec, _health, cancellationToken);

    /// <summary>The bus actor, then its sources: the commands file and, when asked, standard input.</summary>
    private void StartBus(bool fromStdin)
    {
        var settings = new BusSettings(_spec, _loop, _events, status => StatusDocument.Render(status, _spec, _health!), () => _stopRequested.TrySetResult(), _engineMetrics)
        {
            Journal = _journalWriter,
            AppliedIds = _recovered!.AppliedIds,
            DedupeIds = _spec.Storage.DedupeIds,
        };
        _bus = SystemActorOf(_system, Props.Create(() => new BusActor(settings)), "bus");
        Subscribe(_system, _bus, typeof(JournalWriter.JournalHealth));
        _tail = CommandFileTail.Start(_spec.Bus.Commands, _bus, _events, _recovered.FileResume);
        if (_recovered.FileResume is null)
        {
            // Where this first tail starts is journaled too: lines appended while the engine is down
            // are read by the next run even if none came while it ran.
            _journalWriter.Tell(new JournalWriter.Lifecycle("tailing", new Dictionary<string, object?> { ["commands_offset"] = _tail.StartedAt }), ActorRefs.NoSender);
            _log.Information("bus: tailing {Commands} from byte {Offset} (lines already there belong to earlier runs)", _spec.Bus.Commands, _tail.StartedAt);
        }
        else
        {
            _log.Information("bus: tailing {Commands} from byte {Offset}, right after line {Line}, the last one the journal has", _spec.Bus.Commands, _tail.Offset, _recovered.FileResume.Value.Line);
        }
        _busReady = true; // POST /bus answered 503 until now
        _events.Tell(new EngineLifecycle("bus", new Dictionary<string, object?>
        {
            ["commands"] = _spec.Bus.Commands,
            ["offset"] = _tail.Offset,
            ["stdin"] = fromStdin,
            ["http"] = true,
        }), ActorRefs.NoSender);
        if (fromStdin)
        {
            _ = Task.Run(async () =>
            {
                try
                {
                    await StreamFeeder.FeedAsync(Console.OpenStandardInput(), BusSource.Stdin, _bus, _stdinStop.Token).ConfigureAwait(false);
                    _log.Information("bus: standard input closed; the file and /bus still take commands");
                }
                catch (OperationCanceledException)
                {
                    // stopping
                }
            });
        }
    }

    /// <summary>When the spec names an Alertmanager, active R-Axis signals go there.</summary>
    private void StartAlerting()
    {
        if (_spec.Alertmanager.Url is not { } url)
        {
            return;
        }

        var notifier = _notifier = SystemActorOf(_system, Props.Create(() => new AlertmanagerNotifier(url, _spec.Loop.Name, _alertmanagerHttp, _engineMetrics)), "alertmanager");
        Subscribe(_system, notifier, typeof(Loop.Actors.RAxis.RAxisSignal));
        _log.Information("alerts: active R-Axis signals go to {Alertmanager}", url.ToString());
    }

    private static EngineHost Start(LoopSpec spec, IJournal journal, RecoveredEngine recovered)
    {
        // Open every output first: a path that cannot be written is one clear error before anything runs.
        var rollAt = spec.Output.MaxSizeKb * 1024L;
        var csvWriter = new LineFile(spec.Output.MetricsCsv, OutputFile.OpenForAppend(spec.Output.MetricsCsv, "output.metrics_csv", MetricsCsvWriter.Header, endCutLine: true, out var csvMovedAside))
        {
            RollAt = rollAt,
            Keep = spec.Output.Keep,
            Header = MetricsCsvWriter.Header,
        };
        var eventsWriter = new LineFile(spec.Bus.Events, OutputFile.OpenForAppend(spec.Bus.Events, "bus.events", endCutLine: true)) { RollAt = rollAt, Keep = spec.Output.Keep };
        OutputFile.OpenForAppend(spec.Output.Log, "output.log").Dispose();

        var log = new LoggerConfiguration()
            .MinimumLevel.Information()
            .WriteTo.Logger(console => console
                // Applied bus commands go to engine.log only: thousands a second would drown the console.
                .Filter.ByExcluding(static e => e.Level < Serilog.Events.LogEventLevel.Warning && e.Properties.ContainsKey("CommandId"))
                .WriteTo.Console(
                    // No stack traces on the console: the message says what failed; engine.log keeps the trace.
                    outputTemplate: "[{Timestamp:HH:mm:ss.fff} {Level:u3}] {Message:lj}{NewLine}",
                    formatProvider: CultureInfo.InvariantCulture))
            .WriteTo.File(
                new EngineLogFormatter(),
                spec.Output.Log,
                // Written through to the OS at each event (not buffered); no periodic fsync: an idle
                // engine should not touch the disk every second.
                fileSizeLimitBytes: rollAt,
                rollOnFileSizeLimit: true,
                retainedFileCountLimit: spec.Output.Keep + 1) // Serilog counts the live file too
            .CreateLogger();

        if (csvMovedAside is not null)
        {
            log.Warning("{Csv} had the columns of an older loop; moved to {MovedAside}, a new one starts", spec.Output.MetricsCsv, csvMovedAside);
        }

        // Akka logs through the same Serilog logger (Akka.Logger.Serilog reads the static one).
        Log.Logger = log;
        var system = ActorSystem.Create("loop", EngineAkkaConfig.Create());
        var logger = SystemActorOf(system, Props.Create(() => new EventStreamLogger(log)), "event-logger");
        var run = MetricsCsvWriter.RunId(Loop.Actors.Scheduling.LoopClock.Of(system).GetUtcNow(), Environment.ProcessId);
        var csv = SystemActorOf(system, Props.Create(() => new MetricsCsvWriter(csvWriter, run)), "metrics-csv");
        var events = SystemActorOf(system, Props.Create(() => new EventsJsonlWriter(eventsWriter)), "events-jsonl");
        var finished = new TaskCompletionSource<LoopFinished>(TaskCreationOptions.RunContinuationsAsynchronously);
        var relay = SystemActorOf(system, Props.Create(() => new CompletionRelay(finished)), "completion");
        Subscribe(system, logger, typeof(AdapterRestartScheduled), typeof(Akka.Event.DeadLetter), typeof(AdapterStateChanged), typeof(BusCommandHandled), typeof(Loop.Actors.RAxis.RAxisSignal), typeof(AlertmanagerUnavailable));
        Subscribe(system, csv, typeof(TickCompleted));
        Subscribe(system, events, typeof(AdapterRestartScheduled), typeof(AdapterStateChanged), typeof(Loop.Actors.RAxis.RAxisSignal), typeof(LoopPauseChanged));
        Subscribe(system, relay, typeof(LoopFinished));

        events.Tell(new EngineLifecycle("started", new Dictionary<string, object?>
        {
            ["run"] = run,
            ["version"] = Version,
            ["spec"] = spec.Source,
            ["tick_ms"] = spec.Loop.TickMs,
            ["ticks"] = spec.Loop.Ticks,
            ["adapters"] = spec.Adapters.Count,
            ["pid"] = Environment.ProcessId,
        }), ActorRefs.NoSender);

        // Read what recovery found before the journal writer goes on folding into the same state.
        var warnings = new List<string>();
        var options = LoopOptionsFactory.Create(spec, recovered.FoundAnything ? recovered.State : null, warnings.Add);
        var state = recovered.State;
        state.AppliedIds.Capacity = spec.Storage.DedupeIds;
        var kept = new Recovered(
            recovered,
            [.. state.AppliedIds],
            state.FileOffset is { } offset ? (offset, state.FileLine) : null,
            options,
            warnings);
        foreach (var ack in recovered.Acks)
        {
            events.Tell(new EventLine(ack), ActorRefs.NoSender); // owed from before the crash, before any new ack
        }

        var journalWriter = SystemActorOf(system, 
            Props.Create(() => new JournalWriter(journal, state, recovered.LastSequence, recovered.SnapshotSequence, spec.Storage.SnapshotEvery)),
            "journal");
        Subscribe(system, journalWriter, typeof(AdapterStateChanged), typeof(Loop.Actors.RAxis.RAxisSignal));
        Subscribe(system, logger, typeof(JournalWriter.JournalUnavailable), typeof(JournalWriter.JournalHealth), typeof(OutputHealth));
        journalWriter.Tell(new JournalWriter.Lifecycle("started", new Dictionary<string, object?> { ["pid"] = Environment.ProcessId, ["version"] = Version }), ActorRefs.NoSender);
        var loop = system.ActorOf(LoopSupervisor.Props(options), "loop");
        log.Information(
            "engine started: loop {Version}, spec {Spec}, {Adapters} adapters, tick {TickMs} ms, deadline {DeadlineMs} ms, {Ticks} ticks (0 = until stopped), pid {Pid}",
            Version,
            spec.Source,
            spec.Adapters.Count,
            spec.Loop.TickMs,
            spec.Loop.DeadlineMs,
            spec.Loop.Ticks,
            Environment.ProcessId);
        return new EngineHost(log, system, spec, loop, csv, events, finished)
        {
            _journal = journal,
            _journalWriter = journalWriter,
            _recovered = kept,
        };
    }

    /// <summary>Runs until the loop finished its ticks or <paramref name="stop"/> fires, then stops cleanly.</summary>
    public async Task<LoopFinished?> RunAsync(CancellationToken stop)
    {
        var stopped = Task.Delay(Timeout.Infinite, stop);
        var first = await Task.WhenAny(_finished.Task, stopped, _stopRequested.Task).ConfigureAwait(false);
        var reason = first == _finished.Task ? "ticks" : first == _stopRequested.Task ? "stop command" : "signal";
        _log.Information("engine stopping: {Reason}", reason switch
        {
            "ticks" => $"{_spec.Loop.Ticks} ticks done",
            "stop command" => "stop command received on the bus",
            _ => "signal received",
        });
        if (_tail is not null)
        {
            await _tail.DisposeAsync().ConfigureAwait(false); // no command after this point
        }

        await _stdinStop.CancelAsync().ConfigureAwait(false);

        LoopSupervisor.LoopStopped? loopStopped = null;
        try
        {
            // Finishes the tick in flight (bounded by its deadline) before answering.
            loopStopped = await _loop.Ask<LoopSupervisor.LoopStopped>(LoopSupervisor.StopLoop.Instance, StopTimeout).ConfigureAwait(false);
        }
        catch (AskTimeoutException ex)
        {
            _log.Warning("the loop did not stop within {Seconds} s: {Problem}", StopTimeout.TotalSeconds, ex.Message);
        }

        await FlushAsync(_csv, "metrics.csv was not flushed").ConfigureAwait(false);
        if (_notifier is { } notifier)
        {
            // A stopped engine's signals are not known to hold: resolve them rather than leave them firing
            // until Alertmanager's endsAt (the dead-man rules say the engine is gone).
            try
            {
                await notifier.Ask<AlertmanagerNotifier.ResolveAll>(AlertmanagerNotifier.ResolveAll.Instance, StopTimeout).ConfigureAwait(false);
            }
            catch (AskTimeoutException)
            {
                _log.Warning("stopping: Alertmanager did not take the resolved alerts within {Seconds} s", StopTimeout.TotalSeconds);
            }
        }

        await FlushAsync(_bus, "the bus did not ack every command it took").ConfigureAwait(false);
        var summary = _finished.Task.IsCompleted ? _finished.Task.Result : null;
        _events.Tell(new EngineLifecycle("stopped", new Dictionary<string, object?>
        {
            ["reason"] = reason,
            ["ticks"] = loopStopped?.Ticks ?? summary?.Ticks,
            ["overruns"] = loopStopped?.Overruns ?? summary?.Overruns,
        }), ActorRefs.NoSender);
        await FlushAsync(_events, "events.jsonl was not flushed").ConfigureAwait(false);

        // Only now, with every ack on disk: a clean stop tells the next run that nothing is owed.
        _journalWriter.Tell(new JournalWriter.Lifecycle("stopped", new Dictionary<string, object?> { ["reason"] = reason, ["ticks"] = loopStopped?.Ticks }), ActorRefs.NoSender);
        await FlushAsync(_journalWriter, "the journal did not finish writing (the next start recovers from what it has)").ConfigureAwait(false);

        _log.Information("engine stopped after {Ticks} ticks", loopStopped?.Ticks ?? 0);
        return summary;
    }

    /// <summary>Asks a writer (or the bus) to flush what it was told before; a timeout is one warning, and stopping goes on.</summary>
    private async Task FlushAsync(IActorRef writer, string problem)
    {
        try
        {
            await writer.Ask<Flush>(Flush.Instance, StopTimeout).ConfigureAwait(false);
        }
        catch (AskTimeoutException)
        {
            _log.Warning("stopping: {Problem} within {Seconds} s", problem, StopTimeout.TotalSeconds);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_endpoint is not null)
        {
            await _endpoint.DisposeAsync().ConfigureAwait(false);
        }

        _collector?.Dispose();
        if (_tail is not null)
        {
            await _tail.DisposeAsync().ConfigureAwait(false);
        }

        _engineMetrics.Dispose();
        _alertmanagerHttp.Dispose();
        _stdinStop.Dispose();
        var terminated = _system.Terminate();
        if (await Task.WhenAny(terminated, Task.Delay(StopTimeout, CancellationToken.None)).ConfigureAwait(false) != terminated)
        {
            _log.Warning("actors did not stop within {Seconds} s; exiting anyway", StopTimeout.TotalSeconds);
        }

        if (_journal is not null)
        {
            await _journal.DisposeAsync().ConfigureAwait(false);
        }

        await _log.DisposeAsync().ConfigureAwait(false);
    }

    private static IActorRef SystemActorOf(ActorSystem system, Props props, string name) => ((ExtendedActorSystem)system).SystemActorOf(props, name);

    private static void Subscribe(ActorSystem system, IActorRef subscriber, params Type[] types)
    {
        foreach (var type in types)
        {
            system.EventStream.Subscribe(subscriber, type);
        }
    }
}
