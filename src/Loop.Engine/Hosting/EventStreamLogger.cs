using Akka.Event;
using Serilog;

namespace Loop.Engine.Hosting;

/// <summary>
/// Carries the loop's own events (adapter restarts and states, bus commands, R-Axis signals, journal
/// and output health) from the event stream into Serilog as readable lines; Akka's own log events reach
/// Serilog through Akka.Logger.Serilog. Logging never throws into an actor: a failing sink is Serilog's concern.
/// </summary>
internal sealed class EventStreamLogger : ReceiveActor
{
    public EventStreamLogger(ILogger log)
    {
        Receive<Loop.Actors.Loop.AdapterRestartScheduled>(e => log.Warning(
            "adapter {Adapter}: restart {Attempt} in {DelayMs} ms or up to random_factor more: {Reason}",
            e.Adapter,
            e.Attempt,
            (long)e.Delay.TotalMilliseconds,
            e.Reason));
        Receive<Loop.Actors.Loop.AdapterStateChanged>(e => log.Write(
            e.State == Loop.Actors.Loop.AdapterState.Parked ? Serilog.Events.LogEventLevel.Error : Serilog.Events.LogEventLevel.Information,
            "adapter {Adapter} {Event}: {Previous} -> {State} ({Reason})",
            e.Adapter,
            e.Event,
            e.Previous,
            e.State,
            e.Reason ?? "-"));
        Receive<Bus.BusCommandHandled>(e =>
        {
            var source = Bus.BusSourceNames.Of(e.Source);
            if (e.Error is { } error)
            {
                log.Warning("bus: {Cmd} from {Source} line {Line} refused ({Code}): {Problem}", e.Cmd ?? "(none)", source, e.Line, error.Code, error.Message);
            }
            else if (e.Duplicate)
            {
                log.ForContext("CommandId", e.Id).ForContext("Duplicate", true).Information("bus: {Cmd} (id {CommandId}) from {Source} line {Line} was applied before; not again", e.Cmd, e.Id ?? "-", source, e.Line);
            }
            else if (e.Cmd != "status")
            {
                log.ForContext("CommandId", e.Id).Information("bus: {Cmd} applied (id {CommandId}) from {Source} line {Line}", e.Cmd, e.Id ?? "-", source, e.Line);
            }
        });
        Receive<Loop.Actors.RAxis.RAxisSignal>(e => log.Write(
            e.Level > e.Previous ? Serilog.Events.LogEventLevel.Warning : Serilog.Events.LogEventLevel.Information,
            "r-axis {Scope}: {Previous} -> {Level} at tick {Tick}: {Reason} (observed {Observed}, bound {Threshold})",
            e.Scope,
            e.Previous,
            e.Level,
            e.Tick,
            e.Reason,
            e.Observed,
            e.Threshold));
        Receive<Alerting.AlertmanagerUnavailable>(e =>
        {
            if (e.RetryIn > TimeSpan.Zero)
            {
                log.Warning("alerts: Alertmanager at {Alerts} did not take the alerts ({Problem}); retrying in {RetryMs} ms", e.Alerts.ToString(), e.Problem, (long)e.RetryIn.TotalMilliseconds);
            }
            else
            {
                log.Warning("alerts: Alertmanager at {Alerts} did not take the alerts ({Problem}); not retried, the engine is stopping", e.Alerts.ToString(), e.Problem);
            }
        });
        Receive<Persistence.JournalWriter.JournalUnavailable>(e => log.Error(
            "journal: {Events} events could not be written ({Problem}); what they record will not survive a restart",
            e.Events,
            e.Problem));
        Receive<Persistence.JournalWriter.JournalHealth>(e =>
        {
            if (e.Problem is { } problem)
            {
                log.Error("journal: down ({Problem}); commands are refused (journal_unavailable) and /healthz is 503 until it is back", problem);
            }
            else
            {
                log.Information("journal: back; what was kept in memory is written and commands are applied again");
            }
        });
        Receive<Output.OutputHealth>(e =>
        {
            if (e.Problem is null)
            {
                log.Information("output: {File} is written again", e.File);
            }
            else if (e.Changed)
            {
                log.Error("output: {File} cannot be written ({Problem}); its lines are dropped and counted (resonance_output_dropped_lines_total) until it can", e.File, e.Problem);
            }
        });
        Receive<DeadLetter>(e => log.Debug(
            "dead letter {MessageType} from {Sender} to {Recipient}",
            e.Message.GetType().Name,
            e.Sender.Path.ToString(),
            e.Recipient.Path.ToString()));
    }
}
