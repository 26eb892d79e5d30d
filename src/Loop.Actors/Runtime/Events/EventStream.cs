namespace Loop.Actors.Runtime;

/// <summary>
/// Publish/subscribe by type (Akka's <c>EventStream</c>): a subscriber to a type receives every
/// published event assignable to it. Publishing is lock-free (a copy-on-write array of subscriptions);
/// subscribing is rare and takes a lock.
/// </summary>
public sealed class EventStream
{
    private readonly object _gate = new();
    private Subscription[] _subscriptions = [];

    /// <summary>Gets a value indicating whether anyone subscribed at all (lets hot paths skip building events).</summary>
    public bool HasSubscribers => Volatile.Read(ref _subscriptions).Length != 0;

    /// <summary>Subscribes <paramref name="subscriber"/> to events assignable to <paramref name="channel"/>.</summary>
    /// <param name="subscriber">Receives the events as messages.</param>
    /// <param name="channel">The event type (or a base type or interface).</param>
    /// <returns><see langword="true"/> when this is a new subscription.</returns>
    public bool Subscribe(IActorRef subscriber, Type channel)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        ArgumentNullException.ThrowIfNull(channel);
        lock (_gate)
        {
            if (Array.Exists(_subscriptions, s => s.Subscriber.Equals(subscriber) && s.Channel == channel))
            {
                return false;
            }

            Volatile.Write(ref _subscriptions, [.. _subscriptions, new Subscription(subscriber, channel)]);
            return true;
        }
    }

    /// <summary>Removes one subscription.</summary>
    /// <param name="subscriber">The subscriber.</param>
    /// <param name="channel">The type it subscribed to.</param>
    /// <returns><see langword="true"/> when a subscription was removed.</returns>
    public bool Unsubscribe(IActorRef subscriber, Type channel) =>
        Remove(s => s.Subscriber.Equals(subscriber) && s.Channel == channel);

    /// <summary>Removes every subscription of <paramref name="subscriber"/>.</summary>
    /// <param name="subscriber">The subscriber.</param>
    /// <returns><see langword="true"/> when at least one subscription was removed.</returns>
    public bool Unsubscribe(IActorRef subscriber) => Remove(s => s.Subscriber.Equals(subscriber));

    /// <summary>Returns whether someone subscribed to a channel that <paramref name="eventType"/> is assignable to.</summary>
    /// <param name="eventType">The event type.</param>
    /// <returns><see langword="true"/> when a publish of that type would reach someone.</returns>
    public bool HasSubscribersFor(Type eventType)
    {
        foreach (var s in Volatile.Read(ref _subscriptions))
        {
            if (s.Channel.IsAssignableFrom(eventType))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Sends <paramref name="event"/> to every subscriber of a type it is assignable to.</summary>
    /// <param name="event">The event.</param>
    public void Publish(object @event)
    {
        ArgumentNullException.ThrowIfNull(@event);
        var type = @event.GetType();
        foreach (var s in Volatile.Read(ref _subscriptions))
        {
            if (s.Channel.IsAssignableFrom(type))
            {
                s.Subscriber.Tell(@event, ActorRefs.NoSender);
            }
        }
    }

    private bool Remove(Predicate<Subscription> match)
    {
        lock (_gate)
        {
            var kept = Array.FindAll(_subscriptions, s => !match(s));
            if (kept.Length == _subscriptions.Length)
            {
                return false;
            }

            Volatile.Write(ref _subscriptions, kept);
            return true;
        }
    }

    private sealed record Subscription(IActorRef Subscriber, Type Channel);
}
