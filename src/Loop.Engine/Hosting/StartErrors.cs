using Loop.Engine.Cli;
using Loop.Engine.Journal;
using Loop.Engine.Spec;

namespace Loop.Engine.Hosting;

/// <summary>What a failed start says: one sentence naming what was wrong and what to do, never a stack trace.</summary>
internal static class StartErrors
{
    /// <summary>Turns what the host's start threw into the one line the user sees (exit 2).</summary>
    /// <param name="error">What <c>IHost.StartAsync</c> threw.</param>
    /// <param name="exporter">Where Kestrel was to listen.</param>
    /// <param name="cluster">The node's cluster block, if any: where remoting was to listen.</param>
    /// <returns>The error to report.</returns>
    public static LoopCliException ToCliError(Exception error, ExporterSection exporter, ClusterSection? cluster = null) => error switch
    {
        LoopCliException cli => cli,

        // Akka.Remote could not bind the node's port: in use, or not an address of this machine.
        Akka.Remote.RemoteTransportException when cluster is not null && error.Message.Contains("Failed to bind", StringComparison.Ordinal) => new LoopCliException(
            $"cluster: cannot listen on {cluster.Hostname}:{cluster.Port} for the other nodes (the port is in use, or {cluster.Hostname} is not an address of this machine); stop what uses it or set another cluster.port / cluster.hostname"),
        JournalException journal => new LoopCliException(journal.Message),
        IOException bind => new LoopCliException(
            $"cannot listen on {exporter.Host}:{exporter.Port} ({bind.InnerException?.Message ?? bind.Message}); stop what uses that port or pass --port with a free one."),
        AggregateException { InnerExceptions.Count: 1 } one => ToCliError(one.InnerExceptions[0], exporter, cluster),

        // Akka.Hosting logs and rethrows what stopped the actor system or an actor from starting
        // (a setting, a dispatcher): the engine's own settings, so a bug to report, said in one line.
        _ => new LoopCliException($"the actor system did not start: {error.Message.ReplaceLineEndings(" ").Trim()} (engine.log has the details; please report it)"),
    };
}
