using Loop.Actors.Cluster;
using Loop.Actors.Loop;
using Loop.Engine.Output;
using Loop.Engine.Persistence;

namespace Loop.Engine.Bus;

/// <summary>The loop's own commands, for every member's loop, and the settings a node that joins later is told.</summary>
internal sealed partial class ClusterBus
{
    private async Task OnLoopWideAsync(LoopWideCommand command)
    {
        var replyTo = Sender;
        if (command.Command is LoopSupervisor.ResetMetrics)
        {
            Journal(_ledger.ResetRestarts()); // every loop zeroes its restart counts, and the ledger with them
        }

        if (Settles(command.Command))
        {
            (_paused, _tickMs) = command.Command switch
            {
                LoopSupervisor.Pause => (true, _tickMs),
                LoopSupervisor.Resume => (false, _tickMs),
                LoopSupervisor.SetTick tick => (_paused, (int)tick.Interval.TotalMilliseconds),
                _ => (_paused, _tickMs),
            };

            // Journaled before any loop hears of it: a node that joins after this is told it, whichever node runs the bus then.
            _journal.Tell(new JournalWriter.Lifecycle(EngineState.ClusterLoopEvent, new Dictionary<string, object?>
            {
                ["paused"] = _paused,
                ["tick_ms"] = _tickMs,
                ["by"] = command.Origin,
            }));
            await AskQuietly<Flush>(_journal, Flush.Instance); // no ConfigureAwait(false) in an actor: it goes on in its own context
        }

        var others = ClusterMembers.UpAndReachable(_cluster).Select(static m => m.Address).Where(a => ClusterMembers.NodeName(a) != command.Origin).ToList();
        var loops = others.Select(LoopOf).ToList();
        var answers = await Task.WhenAll(loops.Select(loop => AskQuietly<LoopSupervisor.ControlReply>(loop, command.Command)));
        var refused = new Dictionary<string, string>(StringComparer.Ordinal);
        var missed = new List<string>();
        for (var i = 0; i < others.Count; i++)
        {
            var name = ClusterMembers.NodeName(others[i]);
            switch (answers[i])
            {
                case null:
                    missed.Add(name);
                    if (Settles(command.Command))
                    {
                        _owed.Add(others[i]);
                    }

                    break;
                case { Ok: false } refusal:
                    refused[name] = refusal.Message ?? refusal.ErrorCode!;
                    break;
            }
        }

        replyTo.Tell(new LoopWideApplied(others.Count - missed.Count - refused.Count, refused, missed));
    }

    /// <summary>Tells a member's loop the settings; with <paramref name="onlyChanges"/> only what differs from the spec (a node starts on it).</summary>
    private void Push(Address node, bool onlyChanges)
    {
        var messages = new List<object>();
        if (_paused || !onlyChanges)
        {
            messages.Add(_paused ? new LoopSupervisor.Pause() : new LoopSupervisor.Resume());
        }

        if (_tickMs is { } tick && (tick != _bus.Spec.Loop.TickMs || !onlyChanges))
        {
            messages.Add(new LoopSupervisor.SetTick(TimeSpan.FromMilliseconds(tick)));
        }

        if (messages.Count == 0)
        {
            return;
        }

        var loop = LoopOf(node);
        var self = Self;
        _ = Task.Run(async () =>
        {
            var answered = true;
            foreach (var message in messages)
            {
                answered &= await AskQuietly<LoopSupervisor.ControlReply>(loop, message).ConfigureAwait(false) is not null;
            }

            self.Tell(new Pushed(node, answered));
        });
        _log.Information("cluster bus: telling {Node} the cluster's loop settings (paused: {Paused}, tick: {TickMs})", ClusterMembers.NodeName(node), _paused, _tickMs?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "the spec's");
    }

    private ActorSelection LoopOf(Address node) => Context.ActorSelection(new RootActorPath(node) / "user" / "loop");

    /// <summary>Whether the command changes what a node that joins later must be told.</summary>
    private static bool Settles(object command) => command is LoopSupervisor.Pause or LoopSupervisor.Resume or LoopSupervisor.SetTick;

    private sealed record Pushed(Address Node, bool Answered);
}
