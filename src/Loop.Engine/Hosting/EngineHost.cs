using System.Reflection;
using Akka.Hosting;
using Akka.Logger.Serilog;
using Loop.Actors.Loop;
using Loop.Engine.Bus;
using Loop.Engine.Cli;
using Loop.Engine.Journal;
using Loop.Engine.Spec;
using Loop.Exporter.Endpoint;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Prometheus;
using Serilog;

namespace Loop.Engine.Hosting;

/// <summary>
/// The running engine, one Microsoft.Extensions.Hosting host: Kestrel (/metrics, /healthz, /status, /bus)
/// binds first, then the engine opens its files and recovers its journal (<see cref="OpenAsync"/>), then
/// Akka.Hosting starts the actor system and the engine's actors (<see cref="StartActors"/>). Every stop
/// (ticks done, the stop command, a signal) runs Akka's CoordinatedShutdown, whose tasks finish the tick
/// in flight and flush metrics.csv, events.jsonl and the journal before the actors stop.
/// </summary>
internal sealed partial class EngineHost : IAsyncDisposable
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);
    private readonly LoopSpec _spec;
    private readonly bool _busFromStdin;
    private readonly TaskCompletionSource<LoopFinished> _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // The engine's own registry (not prometheus-net's static default): what /metrics serves, the loop's and the engine's families.
    private readonly CollectorRegistry _metricsRegistry = Metrics.NewCustomRegistry();
    private readonly EngineMetrics _engineMetrics;
    private readonly HttpClient _alertmanagerHttp = new();
    private readonly CancellationTokenSource _stdinStop = new();
    private readonly JournalDatabase _database;
    private readonly Live.LiveFeed _liveFeed = new();
    private IHost? _host;
    private ActorSystem? _system;
    private volatile bool _actorsStarted;
    private volatile bool _busReady;

    private EngineHost(LoopSpec spec, bool busFromStdin)
    {
        _spec = spec;
        _busFromStdin = busFromStdin;
        if (spec.Cluster is { } cluster)
        {
            // Each node's series carry its name, so one Prometheus scraping every node tells them apart (set before any family exists).
            _metricsRegistry.SetStaticLabels(new Dictionary<string, string> { ["node"] = cluster.Node });
        }

        _engineMetrics = new EngineMetrics(_metricsRegistry);
        _database = JournalDatabase.For(spec.Storage);

        // process_* and dotnet_* (CPU seconds, resident memory, GC counts, start time), read at each scrape.
        DotNetStats.Register(_metricsRegistry);
    }

    public static string Version =>
        typeof(EngineHost).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    /// <summary>
    /// Starts the host: a port in use is one clear error before any file is written or any tick runs; a
    /// journal that cannot be opened, or an actor system that cannot start, is one clear error too.
    /// </summary>
    /// <param name="spec">The validated spec.</param>
    /// <param name="busFromStdin">Whether standard input feeds the command bus too (<c>--bus stdin</c>).</param>
    public static async Task<EngineHost> StartAsync(LoopSpec spec, bool busFromStdin = false)
    {
        var engine = new EngineHost(spec, busFromStdin);
        engine._host = new HostBuilder()
            .ConfigureWebHost(web => web
                .UseKestrel(kestrel =>
                {
                    if (spec.Exporter.Tls is { } tls)
                    {
                        kestrel.ConfigureHttpsDefaults(https => https.ServerCertificate = tls.Load());
                    }
                })
                .UseUrls($"{spec.Exporter.Scheme}://{spec.Exporter.Host}:{spec.Exporter.Port}")
                .Configure(app => app.UseRouting().UseEndpoints(endpoints => endpoints.MapLoopEndpoints(engine.EndpointOptions(), engine._metricsRegistry))))
            .ConfigureLogging(logging => logging
                .ClearProviders()
                .AddSerilog()) // the static logger the engine sets once engine.log is open: one logger for the host, Akka and the engine
            .ConfigureServices(services =>
            {
                services.AddRouting();
                services.Configure<ConsoleLifetimeOptions>(static o => o.SuppressStatusMessages = true);

                // Hosted services start in this order, after Kestrel: the files and the journal, then the actors.
                services.AddSingleton<IHostedService>(new StartupStep(engine.OpenAsync)); // not AddHostedService: it keeps one service per type
                services.AddAkka(ClusterSection.SystemName, akka => akka
                    .AddHocon(EngineAkkaConfig.Create(), HoconAddMode.Prepend)
                    .ConfigureLoggers(static loggers =>
                    {
                        loggers.LogLevel = Akka.Event.LogLevel.WarningLevel;
                        loggers.ClearLoggers();
                        loggers.AddLogger<SerilogLogger>();
                    })
                    .WithLoopJournal(engine._database)
                    .WithLoopCluster(spec.Cluster)
                    .WithActors(engine.StartActors));

                // After Akka's own hosted service: the journal has replayed, the loop and the bus start on it.
                services.AddSingleton<IHostedService>(new StartupStep(engine.StartEngineAsync));
            })
            .Build();

        try
        {
            await engine._host.StartAsync().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // engine.log has Akka.Hosting's own report of an actor system that did not start (with the trace).
            await engine.DisposeAsync().ConfigureAwait(false);
            throw StartErrors.ToCliError(ex, spec.Exporter, spec.Cluster);
        }

        if (!engine._actorsStarted)
        {
            // An Akka.Hosting that logs a start failure without throwing it (older ones did) stopped the host.
            await engine.DisposeAsync().ConfigureAwait(false);
            throw new LoopCliException("the actor system did not start (engine.log has the details; please report it)");
        }

        engine._log!.Information("endpoint listening on {Address} (/metrics, /healthz, /status, /bus, /live, the web view at /)", engine.Address.ToString().TrimEnd('/'));
        if (spec.Exporter.Tls is null && !Spec.SpecLoader.IsLoopback(spec.Exporter.Host))
        {
            engine._log.Warning("exporter: {Host} is not loopback and there is no exporter.tls: the token and every command travel in clear; set exporter.tls (a certificate and its key) or put a TLS proxy in front", spec.Exporter.Host);
        }
        return engine;
    }

    /// <summary>Gets the address Kestrel listens on (with the real port when 0 was asked).</summary>
    public Uri Address => new(_host!.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    /// <summary>
    /// Runs until the loop finished its ticks, the bus's stop command, <paramref name="stop"/> (a signal)
    /// or the host's own stop: each runs CoordinatedShutdown, which ends by terminating the actor system.
    /// </summary>
    public async Task<LoopFinished?> RunAsync(CancellationToken stop)
    {
        var lifetime = _host!.Services.GetRequiredService<IHostApplicationLifetime>();
        using var onSignal = stop.Register(() => Shutdown(EngineStopReason.Signal));
        using var onHostStop = lifetime.ApplicationStopping.Register(() => Shutdown(EngineStopReason.Signal));
        _ = _finished.Task.ContinueWith(_ => Shutdown(EngineStopReason.Ticks), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        await _system!.WhenTerminated.ConfigureAwait(false);
        await _host.StopAsync(CancellationToken.None).ConfigureAwait(false);
        return _finished.Task.IsCompleted ? _finished.Task.Result : null;
    }

    private void Shutdown(EngineStopReason reason) => _ = CoordinatedShutdown.Get(_system!).Run(reason);

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            // Stops Kestrel and, if it still runs, the actor system (CoordinatedShutdown: the same flushes).
            using var timeout = new CancellationTokenSource(StopTimeout * 3);
            try
            {
                await _host.StopAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                _log?.Warning("the engine did not stop within {Seconds} s; exiting anyway", (StopTimeout * 3).TotalSeconds);
            }

            _host.Dispose();
        }

        if (_tail is not null)
        {
            await _tail.DisposeAsync().ConfigureAwait(false);
        }

        _alertmanagerHttp.Dispose();
        _stdinStop.Dispose();
        if (_log is not null)
        {
            Serilog.Log.Logger = Serilog.Core.Logger.None;
            await _log.DisposeAsync().ConfigureAwait(false);
        }
    }

    private EndpointOptions EndpointOptions() => new()
    {
        Host = _spec.Exporter.Host,
        Port = _spec.Exporter.Port,
        Healthy = () => _health?.Healthy ?? false,
        Degraded = () => _health?.Degraded,
        Status = StatusAsync,
        Bus = (body, writeAck, token) => _intake is { } intake && _materializer is { } materializer
            ? StreamFeeder.RequestAsync(body, intake, materializer, writeAck, token)
            : throw new InvalidOperationException("the bus is not ready"), // BusReady says so first
        BusReady = () => _busReady,
        Live = _liveFeed.ReadAsync,
        Token = _spec.Exporter.Token,
    };

    private Task<string> StatusAsync(CancellationToken cancellationToken) =>
        _health is null || _loop is null ? Task.FromResult("{\"loop\":{\"state\":\"starting\"}}") : StatusDocument.RenderAsync(_loop, _spec, _health, ClusterViewNow, cancellationToken);

    /// <summary>The cluster as this node sees it now; null for one engine alone.</summary>
    private ClusterView? ClusterViewNow() => _spec.Cluster is not null && _system is { } system ? ClusterView.Of(system, Volatile.Read(ref _clusterLoad)) : null;
}
