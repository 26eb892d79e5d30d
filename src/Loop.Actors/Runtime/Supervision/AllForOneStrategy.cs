namespace Loop.Actors.Runtime;

/// <summary>
/// Applies the directive to every child when one fails (Akka's <c>AllForOneStrategy</c>): for
/// children that depend on each other. A restart needs every child's restart budget; otherwise all stop.
/// </summary>
public sealed class AllForOneStrategy : SupervisorStrategy
{
    /// <summary>Initializes a new instance with unlimited restarts.</summary>
    /// <param name="decider">Maps a child's exception to a directive.</param>
    public AllForOneStrategy(Func<Exception, Directive> decider)
        : this(-1, null, decider)
    {
    }

    /// <summary>Initializes a new instance.</summary>
    /// <param name="maxNrOfRetries">Restarts allowed within the window; -1 unlimited, 0 none.</param>
    /// <param name="withinTimeRange">The window; <see langword="null"/> counts restarts over the children's whole life.</param>
    /// <param name="decider">Maps a child's exception to a directive.</param>
    public AllForOneStrategy(int maxNrOfRetries, TimeSpan? withinTimeRange, Func<Exception, Directive> decider)
        : base(decider, maxNrOfRetries, withinTimeRange)
    {
    }

    internal override void ProcessFailure(ActorCell cell, bool restart, ChildRestartStats failed, Exception cause, IReadOnlyList<ChildRestartStats> children)
    {
        var live = children.Where(static c => !c.IsStopping).ToList();
        var permitted = true;
        foreach (var child in live)
        {
            // Every child's budget is charged, as in Akka (no short-circuit).
            permitted &= RequestRestartPermission(cell, child);
        }

        foreach (var child in live)
        {
            if (restart && permitted)
            {
                child.Child.SendSystemMessage(new Recreate(cause));
            }
            else
            {
                cell.StopFailedChild(child);
            }
        }
    }
}
