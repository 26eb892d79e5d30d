using Akka.Configuration;

namespace Loop.Actors;

/// <summary>
/// The Akka settings the loop's actors need, given to every actor system that runs them (the engine's,
/// and the tests'): the precise scheduler and the loop's dispatcher.
/// </summary>
public static class LoopActorsConfig
{
    /// <summary>The dispatcher the LoopSupervisor runs on.</summary>
    public const string LoopDispatcher = "loop.loop-dispatcher";

    /// <summary>The mailbox of the actors there are one or two of per adapter (<see cref="Mailboxes.LeanMailbox"/>).</summary>
    public const string AdapterMailbox = "loop.adapter-mailbox";

    /// <summary>Gets the settings, as a fallback under anything more specific.</summary>
    public static Config Default { get; } = ConfigurationFactory.ParseString($$"""
        akka.scheduler.implementation = "{{typeof(Scheduling.PreciseScheduler).AssemblyQualifiedName}}"
        loop.adapter-mailbox.mailbox-type = "{{typeof(Mailboxes.LeanMailbox).AssemblyQualifiedName}}"
        loop.loop-dispatcher {
          # Its own thread: a tick must not wait for a pool thread while a scrape or 10,000 adapters
          # keep the pool busy (benchmarks/RESULTS.md, issue 13).
          type = PinnedDispatcher
          executor = fork-join-executor # what Akka asks of a PinnedDispatcher: one dedicated thread
        }
        """);
}
