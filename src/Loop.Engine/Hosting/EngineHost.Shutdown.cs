using Akka;
using Loop.Actors.Loop;
using Loop.Engine.Alerting;
using Loop.Engine.Output;
using Loop.Engine.Persistence;

namespace Loop.Engine.Hosting;

/// <summary>
/// Stopping, as CoordinatedShutdown tasks (every stop goes through them: ticks done, the stop command, a
/// signal, the host stopping): no command is taken after service-unbind; in service-requests-done the tick
/// in flight finishes and metrics.csv, the alerts, the bus's acks, events.jsonl and the journal are
/// flushed, in that order; then Akka stops the actors and the system.
/// </summary>
internal sealed partial class EngineHost
{
    private void AddShutdownTasks()
    {
        var shutdown = CoordinatedShutdown.Get(_system!);
        shutdown.AddTask(CoordinatedShutdown.PhaseServiceUnbind, "close-bus-sources", CloseBusSourcesAsync);
        if (_spec.Cluster is null)
        {
            shutdown.AddTask(CoordinatedShutdown.PhaseServiceRequestsDone, "finish-loop-and-flush", FinishAsync);
            return;
        }

        // A node of a cluster hands its adapters over before its loop stops: in cluster-sharding-shutdown-region each
        // adapter's home stops (taking it out of the loop) and the other nodes home it at once (AdapterHoming), so the
        // loop keeps ticking each adapter until its handover. Stopping the loop first left every adapter unprobed for
        // the whole leave (3-4 ticks). The signal board hears of the stop while this node is still a member.
        shutdown.AddTask(CoordinatedShutdown.PhaseServiceRequestsDone, "tell-signal-board", TellSignalBoardAsync);
        shutdown.AddTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate, "finish-loop-and-flush", FinishAsync);
    }

    private async Task<Done> CloseBusSourcesAsync()
    {
        var reason = EngineStopReason.NameOf(CoordinatedShutdown.Get(_system!).ShutdownReason);
        _log!.Information("engine stopping: {Reason}", reason switch
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
        return Done.Instance;
    }

    private async Task<Done> FinishAsync()
    {
        var reason = EngineStopReason.NameOf(CoordinatedShutdown.Get(_system!).ShutdownReason);
        LoopSupervisor.LoopStopped? loopStopped = null;
        try
        {
            // Finishes the tick in flight (bounded by its deadline) before answering.
            loopStopped = await _loop!.Ask<LoopSupervisor.LoopStopped>(LoopSupervisor.StopLoop.Instance, StopTimeout).ConfigureAwait(false);
        }
        catch (AskTimeoutException ex)
        {
            _log!.Warning("the loop did not stop within {Seconds} s: {Problem}", StopTimeout.TotalSeconds, ex.Message);
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
                _log!.Warning("stopping: Alertmanager did not take the resolved alerts within {Seconds} s", StopTimeout.TotalSeconds);
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

        _log!.Information("engine stopped after {Ticks} ticks", loopStopped?.Ticks ?? 0);
        return Done.Instance;
    }

    /// <summary>The last node of a cluster resolves the alerts as one engine does; any other leaves them to the rest.</summary>
    private async Task<Done> TellSignalBoardAsync()
    {
        if (_signalRelay is { } relay)
        {
            try
            {
                await relay.Ask<NodeStopping>(NodeSignalRelay.Stopping.Instance, StopTimeout).ConfigureAwait(false);
            }
            catch (AskTimeoutException)
            {
                _log!.Warning("stopping: the cluster's signal board did not answer within {Seconds} s", StopTimeout.TotalSeconds);
            }
        }

        return Done.Instance;
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
            _log!.Warning("stopping: {Problem} within {Seconds} s", problem, StopTimeout.TotalSeconds);
        }
    }
}
