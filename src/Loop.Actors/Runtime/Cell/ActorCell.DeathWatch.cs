namespace Loop.Actors.Runtime;

/// <summary>Death watch: who this actor watches, who watches it, and the exactly-once Terminated.</summary>
internal sealed partial class ActorCell
{
    private CompactSet<IInternalActorRef> _watching;
    private CompactSet<IInternalActorRef> _watchedBy;

    // Terminated messages queued but not yet processed; Unwatch removes the entry so the message is dropped.
    private CompactSet<IActorRef> _terminatedQueued;

    public IActorRef Watch(IActorRef subject)
    {
        var target = AsInternal(subject);
        if (!ReferenceEquals(target, _self) && _watching.Add(target))
        {
            target.SendSystemMessage(new Watch(target, _self));
        }

        return subject;
    }

    public IActorRef Unwatch(IActorRef subject)
    {
        var target = AsInternal(subject);
        if (_watching.Remove(target))
        {
            target.SendSystemMessage(new Unwatch(target, _self));
        }

        _terminatedQueued.Remove(target);
        return subject;
    }

    private static IInternalActorRef AsInternal(IActorRef subject)
    {
        ArgumentNullException.ThrowIfNull(subject);
        return subject as IInternalActorRef
            ?? throw new ArgumentException($"Cannot watch {subject.Path}: it is not an actor of this runtime.", nameof(subject));
    }

    private void AddWatcher(Watch watch)
    {
        if (ReferenceEquals(watch.Watchee, _self) && !ReferenceEquals(watch.Watcher, _self))
        {
            _watchedBy.Add(watch.Watcher);
        }
    }

    private void RemoveWatcher(Unwatch unwatch)
    {
        if (ReferenceEquals(unwatch.Watchee, _self))
        {
            _watchedBy.Remove(unwatch.Watcher);
        }
    }

    private void WatchedActorTerminated(IActorRef actor)
    {
        if (actor is IInternalActorRef target && _watching.Remove(target)
            && (_blocked & BlockedTerminating) == 0)
        {
            _terminatedQueued.Add(actor);
            _self.Tell(new Terminated(actor), actor);
        }
    }

    private void ReceivedTerminated(Terminated terminated)
    {
        if (!_terminatedQueued.Remove(terminated.ActorRef))
        {
            return; // unwatched after it was queued, or not from death watch: dropped as in Akka
        }

        var actor = _actor!;
        if (!actor.AroundReceive(terminated))
        {
            throw new DeathPactException(terminated.ActorRef);
        }
    }

    private void NotifyWatchersAndUnwatchAll()
    {
        foreach (var watcher in _watchedBy.ToArray())
        {
            watcher.SendSystemMessage(new DeathWatchNotification(_self));
        }

        _watchedBy.Clear();
        foreach (var watchee in _watching.ToArray())
        {
            watchee.SendSystemMessage(new Unwatch(watchee, _self));
        }

        _watching.Clear();
    }
}
