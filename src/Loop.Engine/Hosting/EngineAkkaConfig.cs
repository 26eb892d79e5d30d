using Akka.Configuration;
using Loop.Actors;

namespace Loop.Engine.Hosting;

/// <summary>
/// The engine's Akka settings (Akka.Hosting adds them; its loggers are set there too): nothing on stdout
/// before the logger is up, no dead-letter noise, CoordinatedShutdown with room for the engine's flushes
/// and without ending the process itself, and the loop's actors' own settings (the precise scheduler, the
/// loop's dispatcher) underneath.
/// </summary>
internal static class EngineAkkaConfig
{
    public static Config Create() => ConfigurationFactory.ParseString("""
        akka {
          stdout-loglevel = OFF
          log-config-on-start = off
          log-dead-letters = off
          log-dead-letters-during-shutdown = off
          # The engine runs it (signal, stop command, ticks done) and returns from Main itself.
          coordinated-shutdown.run-by-clr-shutdown-hook = off
          coordinated-shutdown.exit-clr = off
          # The engine's flushes: the tick in flight, then files and the journal, each bounded at 10 s.
          coordinated-shutdown.phases.service-requests-done.timeout = 70s
          coordinated-shutdown.phases.service-unbind.timeout = 15s
        }
        """).WithFallback(LoopActorsConfig.Default);
}
