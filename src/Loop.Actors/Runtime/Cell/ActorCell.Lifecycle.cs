namespace Loop.Actors.Runtime;

/// <summary>Create, restart, resume and stop.</summary>
internal sealed partial class ActorCell
{
    private Exception? _pendingRecreate;

    public void Stop(IActorRef actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var stats = FindChild(actor);
        if (stats is not null)
        {
            StopChild(stats);
        }
        else if (actor is IInternalActorRef internalRef)
        {
            internalRef.SendSystemMessage(new Terminate());
        }
    }

    private ActorBase NewActorInstance()
    {
        var previous = CurrentCell;
        CurrentCell = this;
        try
        {
            var actor = _props.NewActor();
            if (!ReferenceEquals(actor.Cell, this) || ReferenceEquals(actor, _actor))
            {
                throw new InvalidOperationException(
                    "The Props factory must create a new actor instance each time it is called (Props.Create(() => new MyActor())).");
            }

            actor.EndConstruction();
            return actor;
        }
        finally
        {
            CurrentCell = previous;
        }
    }

    private void CreateActor()
    {
        try
        {
            _actor = NewActorInstance();
            _actor.InvokePreStart();
        }
        catch (Exception ex)
        {
            _actor = null;
            HandleInvokeFailure(new ActorInitializationException(_self, $"{_self.Path} could not start: {ex.Message}", ex));
            return;
        }

        _blocked &= ~BlockedNotStarted;
        PublishLifecycle(ActorLifecycleKind.Started, null);
    }

    private void FaultResume(Exception cause)
    {
        if (_actor is null)
        {
            // It failed while starting: there is no state to resume, so start it afresh (as Akka does).
            FaultRecreate(cause);
            return;
        }

        _blocked &= ~BlockedFailed;
        _failedMessage = null;
    }

    private void FaultRecreate(Exception cause)
    {
        if ((_blocked & BlockedTerminating) != 0)
        {
            return;
        }

        var failed = _actor;
        if (failed is not null)
        {
            try
            {
                failed.InvokePreRestart(cause, _failedMessage);
            }
            catch (Exception ex)
            {
                PublishError($"{_self.Path} threw in PreRestart: {ex.Message}", ex);
            }

            UnstashAll();
        }

        ClearAsyncState();
        _actor = null;
        _blocked |= BlockedNotStarted;

        // Children being stopped (by the default PreRestart) keep their names until they are gone;
        // the new instance is created only then, so it can create children of the same names.
        if (AnyChildStopping())
        {
            _pendingRecreate = cause;
            return;
        }

        FinishRecreate(cause);
    }

    private void FinishRecreate(Exception cause)
    {
        _pendingRecreate = null;
        _blocked &= ~BlockedFailed;
        try
        {
            _actor = NewActorInstance();
            _actor.InvokePostRestart(cause);
        }
        catch (Exception ex)
        {
            _actor = null;
            HandleInvokeFailure(new ActorInitializationException(_self, $"{_self.Path} could not restart: {ex.Message}", ex));
            return;
        }

        _blocked &= ~BlockedNotStarted;
        _failedMessage = null;
        PublishLifecycle(ActorLifecycleKind.Restarted, cause);
    }

    private void BeginTerminate()
    {
        if ((_blocked & BlockedTerminating) != 0)
        {
            return;
        }

        _blocked |= BlockedTerminating;
        _pendingRecreate = null;
        ClearAsyncState();
        lock (Mailbox)
        {
            _refusesChildren = true;
        }

        var children = ChildStatsSnapshot();
        if (children.Count == 0)
        {
            FinishTerminate();
            return;
        }

        // Children stop first; FinishTerminate runs when the last one reports ChildTerminated.
        foreach (var child in children)
        {
            if (!child.IsStopping)
            {
                StopChild(child);
            }
        }
    }

    private void FinishTerminate()
    {
        var actor = _actor;
        _actor = null;
        if (actor is not null)
        {
            try
            {
                actor.InvokePostStop();
            }
            catch (Exception ex)
            {
                PublishError($"{_self.Path} threw in PostStop: {ex.Message}", ex);
            }
        }

        DropStash();
        Mailbox.Close();
        NotifyWatchersAndUnwatchAll();
        _parent.SendSystemMessage(new ChildTerminated(_self));
        PublishLifecycle(ActorLifecycleKind.Stopped, null);
    }
}
