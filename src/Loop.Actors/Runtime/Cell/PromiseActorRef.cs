using System.Globalization;

namespace Loop.Actors.Runtime;

/// <summary>The temporary sender of an Ask: completes its task with the first reply or fails it on timeout.</summary>
internal sealed class PromiseActorRef<T> : IInternalActorRef
{
    private static long Counter;
    private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ITimer? _timer;
    private readonly CancellationTokenRegistration _registration;
    private readonly string _timeoutMessage;

    public PromiseActorRef(ActorSystem? system, IActorRef target, object message, TimeSpan timeout, CancellationToken cancellationToken)
    {
        System = system;
        Path = ActorPath.Root.Child("temp").Child("ask-" + Interlocked.Increment(ref Counter).ToString(CultureInfo.InvariantCulture));
        _timeoutMessage = $"Ask of {target.Path} with {message.GetType().Name} got no reply within {timeout.TotalMilliseconds:0.###} ms.";
        if (timeout != Timeout.InfiniteTimeSpan)
        {
            var clock = system?.TimeProvider ?? TimeProvider.System;
            _timer = clock.CreateTimer(
                static state =>
                {
                    var promise = (PromiseActorRef<T>)state!;
                    promise.Fail(new AskTimeoutException(promise._timeoutMessage));
                },
                this,
                timeout,
                Timeout.InfiniteTimeSpan);
        }

        if (cancellationToken.CanBeCanceled)
        {
            _registration = cancellationToken.Register(static state => ((PromiseActorRef<T>)state!).Cancel(), this);
        }
    }

    public ActorPath Path { get; }

    public ActorSystem? System { get; }

    public Task<T> Task => _completion.Task;

    public void Tell(object message, IActorRef sender)
    {
        switch (message)
        {
            case T reply:
                if (_completion.TrySetResult(reply))
                {
                    Cleanup();
                }

                break;
            case StatusFailure failure:
                Fail(failure.Cause);
                break;
            default:
                Fail(new InvalidCastException(
                    $"Ask expected a reply of type {typeof(T).Name} but got {message?.GetType().Name ?? "null"}."));
                break;
        }
    }

    public void SendSystemMessage(SystemMessage message)
    {
        if (message is Watch watch && _completion.Task.IsCompleted)
        {
            watch.Watcher.SendSystemMessage(new DeathWatchNotification(this));
        }
    }

    private void Fail(Exception error)
    {
        if (_completion.TrySetException(error))
        {
            Cleanup();
        }
    }

    private void Cancel()
    {
        if (_completion.TrySetCanceled())
        {
            Cleanup();
        }
    }

    private void Cleanup()
    {
        _timer?.Dispose();
        _registration.Dispose();
    }
}
