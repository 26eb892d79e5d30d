namespace Loop.Actors.Runtime;

/// <summary>
/// An actor with typed handlers (Akka's <c>ReceiveActor</c>): call <see cref="Receive{T}(Action{T}, Predicate{T}?)"/>
/// and <see cref="ReceiveAsync{T}(Func{T, Task}, Predicate{T}?)"/> in the constructor; the first handler
/// that matches a message's type (and predicate) handles it. An async handler holds back the next
/// message until its task completes, and its continuations run as part of the actor (Sender intact).
/// </summary>
public abstract class ReceiveActor : ActorBase
{
    private readonly HandlerSet _initial = new();
    private HandlerSet? _building;

    /// <summary>Initializes a new instance; handlers may be registered until the constructor returns.</summary>
    protected ReceiveActor()
    {
        _building = _initial;
    }

    /// <summary>Registers a handler for messages of type <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The message type.</typeparam>
    /// <param name="handler">Handles the message.</param>
    /// <param name="shouldHandle">Optional filter; a message it rejects is offered to later handlers.</param>
    protected void Receive<T>(Action<T> handler, Predicate<T>? shouldHandle = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        Building().Add(new TypedHandler<T>(handler, shouldHandle));
    }

    /// <summary>Registers a handler for messages of type <typeparamref name="T"/> that satisfy <paramref name="shouldHandle"/>.</summary>
    /// <typeparam name="T">The message type.</typeparam>
    /// <param name="shouldHandle">The filter; a message it rejects is offered to later handlers.</param>
    /// <param name="handler">Handles the message.</param>
    protected void Receive<T>(Predicate<T> shouldHandle, Action<T> handler) => Receive(handler, shouldHandle);

    /// <summary>Registers an async handler; the next message waits until the returned task completes.</summary>
    /// <typeparam name="T">The message type.</typeparam>
    /// <param name="handler">Handles the message; a faulted task is the actor's failure.</param>
    /// <param name="shouldHandle">Optional filter.</param>
    protected void ReceiveAsync<T>(Func<T, Task> handler, Predicate<T>? shouldHandle = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        Building().Add(new AsyncTypedHandler<T>(Cell, handler, shouldHandle));
    }

    /// <summary>Registers a handler for any message not handled by the handlers registered before it.</summary>
    /// <param name="handler">Handles the message.</param>
    protected void ReceiveAny(Action<object> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        Building().Add(new TypedHandler<object>(handler, null));
    }

    /// <summary>Replaces the current behaviour with the handlers <paramref name="configure"/> registers.</summary>
    /// <param name="configure">Calls Receive/ReceiveAsync to describe the new behaviour.</param>
    protected void Become(Action configure) => Become(Build(configure));

    /// <summary>Pushes the handlers <paramref name="configure"/> registers on top of the current behaviour.</summary>
    /// <param name="configure">Calls Receive/ReceiveAsync to describe the new behaviour.</param>
    protected void BecomeStacked(Action configure) => SetBehavior(Build(configure), discardOld: false);

    /// <summary>Returns to the behaviour that was current before the last <see cref="BecomeStacked"/>.</summary>
    protected void UnbecomeStacked() => PopBehavior();

    /// <inheritdoc />
    protected sealed override bool Receive(object message) => _initial.TryHandle(message);

    internal override void EndConstruction() => _building = null;

    private HandlerSet Building() =>
        _building ?? throw new InvalidOperationException(
            "Receive handlers can only be registered in the constructor or inside Become(...)/BecomeStacked(...).");

    private Receive Build(Action configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var set = new HandlerSet();
        var previous = _building;
        _building = set;
        try
        {
            configure();
        }
        finally
        {
            _building = previous;
        }

        return set.TryHandle;
    }
}
