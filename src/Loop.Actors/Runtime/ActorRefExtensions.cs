namespace Loop.Actors.Runtime;

/// <summary>Tell with an implicit sender and Forward, as in Akka.</summary>
public static class ActorRefExtensions
{
    /// <summary>
    /// Sends <paramref name="message"/> with the current actor as sender when called from inside an
    /// actor, and with no sender otherwise.
    /// </summary>
    /// <param name="receiver">The receiver.</param>
    /// <param name="message">The message.</param>
    public static void Tell(this IActorRef receiver, object message)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        receiver.Tell(message, ActorCell.Current?.Self ?? ActorRefs.NoSender);
    }

    /// <summary>Sends <paramref name="message"/> keeping the original sender of the message being processed.</summary>
    /// <param name="receiver">The receiver.</param>
    /// <param name="message">The message.</param>
    public static void Forward(this IActorRef receiver, object message)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        receiver.Tell(message, ActorCell.Current?.Sender ?? ActorRefs.NoSender);
    }
}
