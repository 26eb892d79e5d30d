namespace Loop.Actors.Runtime;

/// <summary>
/// Async handlers: the next user message waits until the handler's task completes (as in Akka);
/// continuations run on the actor's own turn through <see cref="ActorSynchronizationContext"/>.
/// </summary>
internal sealed partial class ActorCell
{
    private ActorSynchronizationContext? _pendingAsync;

    internal void RunAsyncHandler<T>(Func<T, Task> handler, T message)
    {
        var context = new ActorSynchronizationContext(this, _current);
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(context);
        Task task;
        try
        {
            task = handler(message);
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }

        if (task.IsCompleted)
        {
            task.GetAwaiter().GetResult(); // rethrows a synchronous failure as the actor's failure
            return;
        }

        _pendingAsync = context;
        _blocked |= BlockedAwaitingAsync;
        task.ContinueWith(
            static (t, state) =>
            {
                var ctx = (ActorSynchronizationContext)state!;
                ctx.Cell.Mailbox.PostSystem(new AsyncHandlerCompleted(ctx, t));
            },
            context,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private void RunContinuation(RunContinuation continuation)
    {
        if (!ReferenceEquals(continuation.Context, _pendingAsync))
        {
            return; // the handler's actor instance restarted or stopped: its continuation is stale
        }

        var previous = SynchronizationContext.Current;
        _current = continuation.Context.Envelope;
        SynchronizationContext.SetSynchronizationContext(continuation.Context);
        try
        {
            continuation.Callback(continuation.State);
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
    }

    private void AsyncHandlerCompleted(AsyncHandlerCompleted completed)
    {
        if (!ReferenceEquals(completed.Context, _pendingAsync))
        {
            return;
        }

        _pendingAsync = null;
        _blocked &= ~BlockedAwaitingAsync;
        _current = completed.Context.Envelope;
        if (!completed.Task.IsCompletedSuccessfully)
        {
            var error = completed.Task.Exception?.InnerException
                ?? new TaskCanceledException($"An async handler of {_self.Path} was cancelled.");
            HandleInvokeFailure(error);
        }
        else
        {
            _current = default;
        }
    }

    private void ClearAsyncState()
    {
        _pendingAsync = null;
        _blocked &= ~BlockedAwaitingAsync;
    }
}
