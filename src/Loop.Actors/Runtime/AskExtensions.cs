namespace Loop.Actors.Runtime;

/// <summary>Request-reply with a timeout (Akka's <c>Ask</c>).</summary>
public static class AskExtensions
{
    /// <summary>
    /// Sends <paramref name="message"/> with a temporary sender and returns the first reply. A reply of
    /// type <see cref="StatusFailure"/> fails the task with its cause; a reply of another type than
    /// <typeparamref name="T"/> fails it with <see cref="InvalidCastException"/>.
    /// </summary>
    /// <typeparam name="T">The expected reply type.</typeparam>
    /// <param name="receiver">The actor to ask.</param>
    /// <param name="message">The request.</param>
    /// <param name="timeout">How long to wait, on the system's clock.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The reply.</returns>
    /// <exception cref="AskTimeoutException">No reply within <paramref name="timeout"/>.</exception>
    public static Task<T> Ask<T>(this IActorRef receiver, object message, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        ArgumentNullException.ThrowIfNull(message);
        if (timeout <= TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, $"The Ask timeout must be positive (got {timeout}).");
        }

        var system = (receiver as IInternalActorRef)?.System;
        var promise = new PromiseActorRef<T>(system, receiver, message, timeout, cancellationToken);
        receiver.Tell(message, promise);
        return promise.Task;
    }
}
