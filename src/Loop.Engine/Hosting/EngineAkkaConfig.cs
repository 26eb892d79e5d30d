using Akka.Configuration;
using Loop.Actors;

namespace Loop.Engine.Hosting;

/// <summary>
/// The engine's Akka settings: Akka logs through Serilog (warnings and up: its startup chatter stays
/// out of the console), nothing on stdout before the logger is up, no dead-letter noise while stopping,
/// and the loop's actors' own settings (the precise scheduler, the loop's dispatcher) underneath.
/// </summary>
internal static class EngineAkkaConfig
{
    public static Config Create() => ConfigurationFactory.ParseString("""
        akka {
          loglevel = WARNING
          stdout-loglevel = OFF
          loggers = ["Akka.Logger.Serilog.SerilogLogger, Akka.Logger.Serilog"]
          logger-formatter = "Akka.Logger.Serilog.SerilogLogMessageFormatter, Akka.Logger.Serilog"
          log-config-on-start = off
          log-dead-letters = off
          log-dead-letters-during-shutdown = off
          # The engine stops itself (signal, stop command, ticks done) and flushes its files first.
          coordinated-shutdown.run-by-clr-shutdown-hook = off
          coordinated-shutdown.exit-clr = off
        }
        """).WithFallback(LoopActorsConfig.Default);
}
