namespace Loop.Actors.Runtime;

/// <summary>
/// How an actor supervises its children (Akka's <c>SupervisorStrategy</c>): a decider maps the
/// exception to a <see cref="Directive"/>, and restarts are limited to <see cref="MaxNrOfRetries"/>
/// within <see cref="WithinTimeRange"/>; past the limit the child is stopped. Every failure is
/// published as an <see cref="ActorError"/> naming the child and the directive.
/// </summary>
public abstract class SupervisorStrategy
{
    private protected SupervisorStrategy(Func<Exception, Directive> decider, int maxNrOfRetries, TimeSpan? withinTimeRange)
    {
        ArgumentNullException.ThrowIfNull(decider);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxNrOfRetries, -1);
        Decider = decider;
        MaxNrOfRetries = maxNrOfRetries;
        WithinTimeRange = withinTimeRange;
    }

    /// <summary>
    /// Gets the strategy actors use unless they say otherwise: <see cref="DefaultDecider"/>, unlimited restarts.
    /// </summary>
    public static SupervisorStrategy DefaultStrategy { get; } = new OneForOneStrategy(DefaultDecider);

    /// <summary>Gets a strategy that stops every failing child.</summary>
    public static SupervisorStrategy StoppingStrategy { get; } = new OneForOneStrategy(static _ => Directive.Stop);

    /// <summary>Gets the decider.</summary>
    public Func<Exception, Directive> Decider { get; }

    /// <summary>Gets the number of restarts allowed within <see cref="WithinTimeRange"/>; -1 means unlimited, 0 means none.</summary>
    public int MaxNrOfRetries { get; }

    /// <summary>Gets the window the restarts are counted in; <see langword="null"/> means no window.</summary>
    public TimeSpan? WithinTimeRange { get; }

    /// <summary>
    /// Akka's default decider: <see cref="ActorInitializationException"/> (a failed constructor or
    /// PreStart), <see cref="ActorKilledException"/> and <see cref="DeathPactException"/> stop the child;
    /// any other exception restarts it.
    /// </summary>
    /// <param name="exception">The child's failure.</param>
    /// <returns>The directive.</returns>
    public static Directive DefaultDecider(Exception exception) => exception switch
    {
        ActorInitializationException => Directive.Stop,
        ActorKilledException => Directive.Stop,
        DeathPactException => Directive.Stop,
        _ => Directive.Restart,
    };

    /// <summary>Applies the decided directive; returns false to escalate.</summary>
    internal bool HandleFailure(ActorCell cell, ChildRestartStats failed, Exception cause, IReadOnlyList<ChildRestartStats> children)
    {
        var directive = Decider(cause);
        cell.PublishError(
            $"{failed.Child.Path} failed with {cause.GetType().Name}: {cause.Message}; supervisor {cell.Self.Path} decided {directive}",
            cause);
        switch (directive)
        {
            case Directive.Resume:
                failed.Child.SendSystemMessage(new Resume(cause));
                return true;
            case Directive.Restart:
                ProcessFailure(cell, restart: true, failed, cause, children);
                return true;
            case Directive.Stop:
                ProcessFailure(cell, restart: false, failed, cause, children);
                return true;
            default:
                return false;
        }
    }

    /// <summary>Restarts or stops the failed child (one-for-one) or all children (all-for-one).</summary>
    internal abstract void ProcessFailure(ActorCell cell, bool restart, ChildRestartStats failed, Exception cause, IReadOnlyList<ChildRestartStats> children);

    /// <summary>Asks the child's restart budget for one more restart.</summary>
    internal bool RequestRestartPermission(ActorCell cell, ChildRestartStats stats) =>
        stats.RequestRestartPermission(MaxNrOfRetries, WithinTimeRange, cell.NowTimestamp(), cell.TimestampFrequency);
}
