using Akka.Actor;
using Akka.Configuration;
using Akka.Dispatch;
using Akka.Dispatch.MessageQueues;

namespace Loop.Actors.Mailboxes;

/// <summary>
/// The mailbox type of the actors there are one or two of per adapter (the adapter actor and its
/// BackoffSupervisor), plugged in through Akka's <c>mailbox-type</c> setting (<see cref="LoopActorsConfig"/>):
/// unbounded, one consumer, and small while empty (<see cref="LeanMessageQueue"/>).
/// </summary>
public sealed class LeanMailbox : MailboxType, IProducesMessageQueue<LeanMessageQueue>
{
    /// <summary>Initializes a new instance: the constructor Akka calls.</summary>
    /// <param name="settings">The actor system's settings.</param>
    /// <param name="config">The mailbox's section.</param>
    public LeanMailbox(Settings settings, Config config)
        : base(settings, config)
    {
    }

    /// <inheritdoc />
    public override IMessageQueue Create(IActorRef owner, ActorSystem system) => new LeanMessageQueue();
}
