using System.Globalization;
using Loop.Engine.Journal;
using Loop.Engine.Output;
using Loop.Engine.Persistence;
using Serilog;
using Serilog.Core;

namespace Loop.Engine.Hosting;

/// <summary>Before the actors: the output files and the log, then the journal and what it recovers.</summary>
internal sealed partial class EngineHost
{
    private Logger? _log;
    private LineFile? _csvFile;
    private LineFile? _eventsFile;
    private string? _csvMovedAside;

    /// <summary>
    /// Checks the journal's database before Akka touches it (unreachable, unreadable, of a layout this loop
    /// must refuse: one clear line within seconds), then every output (a path that cannot be written is one
    /// clear error before anything runs), then the log, which Akka and the host log through too.
    /// </summary>
    private async Task OpenAsync(CancellationToken cancellationToken)
    {
        await _database.PrepareAsync(create: true, cancellationToken).ConfigureAwait(false);

        var rollAt = _spec.Output.MaxSizeKb * 1024L;
        _csvFile = new LineFile(_spec.Output.MetricsCsv, OutputFile.OpenForAppend(_spec.Output.MetricsCsv, "output.metrics_csv", MetricsCsvWriter.Header, endCutLine: true, out _csvMovedAside))
        {
            RollAt = rollAt,
            Keep = _spec.Output.Keep,
            Header = MetricsCsvWriter.Header,
        };
        _eventsFile = new LineFile(_spec.Bus.Events, OutputFile.OpenForAppend(_spec.Bus.Events, "bus.events", endCutLine: true)) { RollAt = rollAt, Keep = _spec.Output.Keep };
        OutputFile.OpenForAppend(_spec.Output.Log, "output.log").Dispose();

        _log = new LoggerConfiguration()
            .MinimumLevel.Information()
            .WriteTo.Logger(console => console
                // Applied bus commands go to engine.log only: thousands a second would drown the console.
                .Filter.ByExcluding(static e => e.Level < Serilog.Events.LogEventLevel.Warning && e.Properties.ContainsKey("CommandId"))
                // Akka.Hosting's own report of a failed start: the engine says it once, in its one-line error.
                .Filter.ByExcluding(Serilog.Filters.Matching.FromSource("Akka.Hosting.AkkaHostedService"))
                .WriteTo.Console(
                    // No stack traces on the console: the message says what failed; engine.log keeps the trace.
                    outputTemplate: "[{Timestamp:HH:mm:ss.fff} {Level:u3}] {Message:lj}{NewLine}",
                    formatProvider: CultureInfo.InvariantCulture))
            .WriteTo.File(
                new EngineLogFormatter(),
                _spec.Output.Log,
                // Written through to the OS at each event (not buffered); no periodic fsync: an idle
                // engine should not touch the disk every second.
                fileSizeLimitBytes: rollAt,
                rollOnFileSizeLimit: true,
                retainedFileCountLimit: _spec.Output.Keep + 1) // Serilog counts the live file too
            .CreateLogger();

        // Akka (Akka.Logger.Serilog) and the host (Serilog.Extensions.Logging) log through this one.
        Log.Logger = _log;
        if (_csvMovedAside is not null)
        {
            _log.Warning("{Csv} had the columns of an older loop; moved to {MovedAside}, a new one starts", _spec.Output.MetricsCsv, _csvMovedAside);
        }
    }
}
