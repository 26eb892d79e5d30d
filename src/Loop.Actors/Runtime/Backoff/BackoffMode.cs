namespace Loop.Actors.Runtime;

/// <summary>When a <see cref="BackoffSupervisor"/> restarts its child.</summary>
public enum BackoffMode
{
    /// <summary>
    /// The child is restarted after the delay when it fails with an exception the decider maps to
    /// Restart (Akka's <c>Backoff.OnFailure</c>). A child that stops of its own accord stops the supervisor too.
    /// </summary>
    OnFailure,

    /// <summary>The child is restarted after the delay whenever it stops (Akka's <c>Backoff.OnStop</c>).</summary>
    OnStop,
}
