using Akka.Actor;

namespace Loop.Actors.Scheduling;

/// <summary>
/// The clock an actor system's actors read time from: the <see cref="PreciseScheduler"/>'s own, so
/// "now" in an actor and "due" in the scheduler are the same instant (and a test's manual clock moves
/// both); on any other scheduler, the real clock.
/// </summary>
public static class LoopClock
{
    /// <summary>Gets the clock of <paramref name="system"/>.</summary>
    /// <param name="system">The actor system.</param>
    /// <returns>Its scheduler's clock, or <see cref="TimeProvider.System"/>.</returns>
    public static TimeProvider Of(ActorSystem system)
    {
        ArgumentNullException.ThrowIfNull(system);
        return system.Scheduler is PreciseScheduler precise ? precise.Time : TimeProvider.System;
    }
}
