namespace Loop.Actors.Runtime;

/// <summary>
/// The <c>/user</c> and <c>/system</c> guardians. A failing top-level actor is logged (as an
/// <see cref="ActorError"/> on the event stream) and stopped, never restarted behind the user's back.
/// </summary>
internal sealed class GuardianActor : ActorBase
{
    protected override bool Receive(object message) => false;

    protected override SupervisorStrategy SupervisorStrategy() => Runtime.SupervisorStrategy.StoppingStrategy;
}
