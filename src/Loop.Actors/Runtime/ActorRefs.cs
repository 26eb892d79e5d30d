namespace Loop.Actors.Runtime;

/// <summary>Well-known references, as in Akka.</summary>
public static class ActorRefs
{
    /// <summary>Gets the reference that stands for "no actor": messages sent to it are dropped.</summary>
    public static IActorRef Nobody => NobodyActorRef.Instance;

    /// <summary>Gets the sender to pass when a message has no sender (same as <see cref="Nobody"/>).</summary>
    public static IActorRef NoSender => NobodyActorRef.Instance;
}
