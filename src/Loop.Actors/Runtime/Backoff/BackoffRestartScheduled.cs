namespace Loop.Actors.Runtime;

/// <summary>Published on the event stream when a <see cref="BackoffSupervisor"/> schedules a restart of its child.</summary>
/// <param name="Supervisor">The supervisor.</param>
/// <param name="ChildName">The child's name.</param>
/// <param name="Attempt">The restart number since the last reset (1 for the first).</param>
/// <param name="Delay">The delay before the restart.</param>
/// <param name="Reason">The failure (OnFailure), or null when the child stopped (OnStop).</param>
/// <param name="At">When the restart was scheduled, on the system's clock.</param>
public sealed record BackoffRestartScheduled(IActorRef Supervisor, string ChildName, int Attempt, TimeSpan Delay, Exception? Reason, DateTimeOffset At);
