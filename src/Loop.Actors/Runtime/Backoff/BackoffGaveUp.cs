namespace Loop.Actors.Runtime;

/// <summary>Published on the event stream when a <see cref="BackoffSupervisor"/> ran out of retries and stops.</summary>
/// <param name="Supervisor">The supervisor.</param>
/// <param name="ChildName">The child's name.</param>
/// <param name="Restarts">How many restarts it made before giving up.</param>
/// <param name="Reason">The last failure, if any.</param>
/// <param name="At">When it gave up, on the system's clock.</param>
public sealed record BackoffGaveUp(IActorRef Supervisor, string ChildName, int Restarts, Exception? Reason, DateTimeOffset At);
