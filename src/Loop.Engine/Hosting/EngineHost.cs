using System.Globalization;
using System.Reflection;
using Loop.Actors.Runtime;
using Loop.Engine.Cli;
using Serilog;
using Serilog.Core;
using Serilog.Formatting.Json;

namespace Loop.Engine.Hosting;

/// <summary>The running engine: its log and its actor system, started and stopped as one.</summary>
internal sealed class EngineHost : IAsyncDisposable
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);
    private readonly Logger _log;
    private readonly ActorSystem _system;

    private EngineHost(Logger log, ActorSystem system)
    {
        _log = log;
        _system = system;
    }

    public static string Version =>
        typeof(EngineHost).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    public static EngineHost Start(string logDirectory)
    {
        try
        {
            Directory.CreateDirectory(logDirectory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new LoopCliException($"cannot create the log folder '{logDirectory}' ({ex.Message}); pass --log-dir with a writable folder.");
        }

        var log = new LoggerConfiguration()
            .MinimumLevel.Information()
            .WriteTo.Console(
                outputTemplate: "[{Timestamp:HH:mm:ss.fff} {Level:u3}] {Message:lj}{NewLine}{Exception}",
                formatProvider: CultureInfo.InvariantCulture)
            .WriteTo.File(new JsonFormatter(renderMessage: true), Path.Combine(logDirectory, "engine.log"))
            .CreateLogger();

        var system = ActorSystem.Create("loop");
        var logger = system.SystemActorOf(Props.Create(() => new EventStreamLogger(log)), "event-logger");
        foreach (var type in new[] { typeof(ActorError), typeof(BackoffRestartScheduled), typeof(BackoffGaveUp), typeof(DeadLetter) })
        {
            system.EventStream.Subscribe(logger, type);
        }

        log.Information("engine started: loop {Version}, actor system {System}, pid {Pid}", Version, system.Name, Environment.ProcessId);
        return new EngineHost(log, system);
    }

    public async Task RunUntilStoppedAsync(CancellationToken stop)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The normal way out: SIGINT or SIGTERM.
        }

        _log.Information("engine stopping: signal received");
        var terminated = _system.Terminate();
        if (await Task.WhenAny(terminated, Task.Delay(StopTimeout, CancellationToken.None)).ConfigureAwait(false) != terminated)
        {
            _log.Warning("actors did not stop within {Seconds} s; exiting anyway", StopTimeout.TotalSeconds);
        }

        _log.Information("engine stopped");
    }

    public async ValueTask DisposeAsync()
    {
        await _system.Terminate().WaitAsync(StopTimeout).ConfigureAwait(false);
        await _log.DisposeAsync().ConfigureAwait(false);
    }
}
