namespace Loop.Actors.Runtime;

/// <summary>Applies the directive to the failed child only (Akka's <c>OneForOneStrategy</c>).</summary>
public sealed class OneForOneStrategy : SupervisorStrategy
{
    /// <summary>Initializes a new instance with unlimited restarts.</summary>
    /// <param name="decider">Maps a child's exception to a directive.</param>
    public OneForOneStrategy(Func<Exception, Directive> decider)
        : this(-1, null, decider)
    {
    }

    /// <summary>Initializes a new instance.</summary>
    /// <param name="maxNrOfRetries">Restarts allowed within the window; -1 unlimited, 0 none (the child is stopped).</param>
    /// <param name="withinTimeRange">The window; <see langword="null"/> counts restarts over the child's whole life.</param>
    /// <param name="decider">Maps a child's exception to a directive.</param>
    public OneForOneStrategy(int maxNrOfRetries, TimeSpan? withinTimeRange, Func<Exception, Directive> decider)
        : base(decider, maxNrOfRetries, withinTimeRange)
    {
    }

    internal override void ProcessFailure(ActorCell cell, bool restart, ChildRestartStats failed, Exception cause, IReadOnlyList<ChildRestartStats> children)
    {
        if (restart && RequestRestartPermission(cell, failed))
        {
            failed.Child.SendSystemMessage(new Recreate(cause));
        }
        else
        {
            cell.StopFailedChild(failed);
        }
    }
}
