namespace Loop.Actors.Runtime;

/// <summary>Failing (reporting to the parent) and supervising (deciding for a failed child).</summary>
internal sealed partial class ActorCell
{
    private object? _failedMessage;

    /// <summary>
    /// The actor failed: it stops taking user messages and reports to its parent, whose strategy
    /// decides. A second failure while it waits for that decision is only logged, as in Akka.
    /// </summary>
    internal void HandleInvokeFailure(Exception cause)
    {
        if ((_blocked & BlockedTerminating) != 0)
        {
            PublishError($"{_self.Path} failed while stopping: {cause.Message}", cause);
            return;
        }

        if ((_blocked & BlockedFailed) != 0)
        {
            PublishError($"{_self.Path} failed again while waiting for its supervisor: {cause.Message}", cause);
            return;
        }

        _blocked |= BlockedFailed;
        _failedMessage = _current.Message;
        ClearAsyncState();
        _parent.SendSystemMessage(new Failed(_self, cause));
    }

    private void HandleFailedChild(Failed failed)
    {
        var stats = FindChild(failed.Child);
        if (stats is null || stats.IsStopping)
        {
            return; // not (or no longer) our child: nothing to decide
        }

        var strategy = _props.SupervisorStrategy ?? _actor?.InvokeSupervisorStrategy() ?? SupervisorStrategy.DefaultStrategy;
        if (!strategy.HandleFailure(this, stats, failed.Cause, ChildStatsSnapshot()))
        {
            // Escalate: this actor fails with the child's exception and its own parent decides.
            HandleInvokeFailure(failed.Cause);
        }
    }

    /// <summary>Carries out a Stop directive on a child.</summary>
    internal void StopFailedChild(ChildRestartStats stats) => StopChild(stats);

    internal long NowTimestamp() => _system.TimeProvider.GetTimestamp();

    internal long TimestampFrequency => _system.TimeProvider.TimestampFrequency;
}
