namespace Loop.Actors.Runtime;

/// <summary>Invoking user and system messages.</summary>
internal sealed partial class ActorCell
{
    internal void Invoke(Envelope envelope)
    {
        _current = envelope;
        try
        {
            switch (envelope.Message)
            {
                case Terminated terminated:
                    ReceivedTerminated(terminated);
                    break;
                case PoisonPill:
                    _self.SendSystemMessage(new Terminate());
                    break;
                case Kill:
                    throw new ActorKilledException($"{_self.Path} was sent Kill.");
                default:
                    ReceiveMessage(envelope.Message);
                    break;
            }
        }
        catch (Exception ex)
        {
            HandleInvokeFailure(ex);
        }
        finally
        {
            if ((_blocked & BlockedAwaitingAsync) == 0)
            {
                _current = default;
            }
        }
    }

    internal void SystemInvoke(SystemMessage message)
    {
        try
        {
            switch (message)
            {
                case Create:
                    CreateActor();
                    break;
                case Recreate recreate:
                    FaultRecreate(recreate.Cause);
                    break;
                case Resume resume:
                    FaultResume(resume.Cause);
                    break;
                case Terminate:
                    BeginTerminate();
                    break;
                case Watch watch:
                    AddWatcher(watch);
                    break;
                case Unwatch unwatch:
                    RemoveWatcher(unwatch);
                    break;
                case DeathWatchNotification notification:
                    WatchedActorTerminated(notification.Actor);
                    break;
                case Failed failed:
                    HandleFailedChild(failed);
                    break;
                case ChildTerminated childTerminated:
                    HandleChildTerminated(childTerminated.Child);
                    break;
                case RunContinuation continuation:
                    RunContinuation(continuation);
                    break;
                case AsyncHandlerCompleted completed:
                    AsyncHandlerCompleted(completed);
                    break;
            }
        }
        catch (Exception ex)
        {
            HandleInvokeFailure(ex);
        }
    }

    /// <summary>Answers a system message sent to an actor that has already stopped.</summary>
    internal void HandleSystemMessageWhenDead(SystemMessage message)
    {
        switch (message)
        {
            case Watch watch when ReferenceEquals(watch.Watchee, _self) && !ReferenceEquals(watch.Watcher, _self):
                watch.Watcher.SendSystemMessage(new DeathWatchNotification(_self));
                break;
            case Failed failed:
                // A child failed after we stopped; it cannot be supervised any more.
                failed.Child.SendSystemMessage(new Terminate());
                break;
        }
    }

    private void ReceiveMessage(object message)
    {
        var actor = _actor!;
        if (!actor.AroundReceive(message))
        {
            actor.InvokeUnhandled(message);
        }
    }
}
