namespace Loop.Actors.Runtime;

/// <summary>
/// Installed while an async handler runs, so its continuations come back to the actor as system
/// messages and run on the actor's own turn with the original Sender (Akka's ActorTaskScheduler idea).
/// One instance per handler invocation: continuations of a handler whose actor restarted or stopped
/// are recognised as stale and dropped.
/// </summary>
internal sealed class ActorSynchronizationContext(ActorCell cell, Envelope envelope) : SynchronizationContext
{
    public ActorCell Cell { get; } = cell;

    public Envelope Envelope { get; } = envelope;

    public override void Post(SendOrPostCallback d, object? state) =>
        Cell.Mailbox.PostSystem(new RunContinuation(this, d, state));

    public override SynchronizationContext CreateCopy() => this;
}
