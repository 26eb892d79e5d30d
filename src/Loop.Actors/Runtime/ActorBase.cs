namespace Loop.Actors.Runtime;

/// <summary>
/// The base of every actor (Akka's <c>ActorBase</c>/<c>UntypedActor</c>): override
/// <see cref="Receive(object)"/>, or derive from <see cref="ReceiveActor"/> for typed handlers.
/// Instances are made by the runtime from <see cref="Props"/>, never with <c>new</c> by user code.
/// </summary>
public abstract class ActorBase
{
    private readonly ActorCell _cell;
    private Receive _behavior;
    private Stack<Receive>? _stacked;

    /// <summary>Initializes a new instance; only valid while the runtime runs a <see cref="Props"/> factory.</summary>
    /// <exception cref="InvalidOperationException">The actor was created with <c>new</c> outside the runtime.</exception>
    protected ActorBase()
    {
        _cell = ActorCell.Current
            ?? throw new InvalidOperationException(
                $"{GetType().Name} was created with 'new' outside the runtime; create actors with ActorOf(Props.Create(() => new {GetType().Name}(...))).");
        _behavior = Receive;
    }

    /// <summary>Gets the actor's context: Self, Sender, Parent, children, watch, become.</summary>
    protected IActorContext Context => _cell;

    /// <summary>Gets the actor's own reference.</summary>
    protected IActorRef Self => _cell.Self;

    /// <summary>Gets the sender of the message being processed.</summary>
    protected IActorRef Sender => _cell.Sender;

    /// <summary>Gets the actor's stash (messages set aside to process later, in order).</summary>
    protected IStash Stash => _cell;

    internal ActorCell Cell => _cell;

    /// <summary>The initial behaviour: handles a message and says whether it did.</summary>
    /// <param name="message">The message.</param>
    /// <returns><see langword="true"/> when handled; otherwise <see cref="Unhandled(object)"/> is called.</returns>
    protected abstract bool Receive(object message);

    /// <summary>Runs once before the first message (and, by default, after a restart).</summary>
    protected virtual void PreStart()
    {
    }

    /// <summary>Runs once after the actor (and all its children) stopped.</summary>
    protected virtual void PostStop()
    {
    }

    /// <summary>
    /// Runs on the failed instance before a restart. The default stops all children and calls
    /// <see cref="PostStop"/>; the stash goes back to the front of the mailbox in any case.
    /// </summary>
    /// <param name="reason">The failure.</param>
    /// <param name="message">The message being processed when it failed, if any.</param>
    protected virtual void PreRestart(Exception reason, object? message)
    {
        foreach (var child in Context.Children)
        {
            Context.Stop(child);
        }

        PostStop();
    }

    /// <summary>Runs on the fresh instance after a restart. The default calls <see cref="PreStart"/>.</summary>
    /// <param name="reason">The failure that caused the restart.</param>
    protected virtual void PostRestart(Exception reason) => PreStart();

    /// <summary>
    /// Called for a message no behaviour handled. The default publishes <see cref="UnhandledMessage"/>
    /// on the event stream.
    /// </summary>
    /// <param name="message">The message.</param>
    protected virtual void Unhandled(object message)
    {
        var stream = _cell.System.EventStream;
        if (stream.HasSubscribers)
        {
            stream.Publish(new UnhandledMessage(message, _cell.Sender, _cell.Self));
        }
    }

    /// <summary>Returns how this actor supervises its children; <see langword="null"/> for the default.</summary>
    /// <returns>The strategy, or <see langword="null"/>.</returns>
    protected virtual SupervisorStrategy? SupervisorStrategy() => null;

    /// <summary>Replaces the current behaviour.</summary>
    /// <param name="receive">The new behaviour.</param>
    protected void Become(Receive receive) => SetBehavior(receive, discardOld: true);

    internal virtual void EndConstruction()
    {
    }

    internal bool AroundReceive(object message) => _behavior(message);

    internal void InvokeUnhandled(object message) => Unhandled(message);

    internal void InvokePreStart() => PreStart();

    internal void InvokePostStop() => PostStop();

    internal void InvokePreRestart(Exception reason, object? message) => PreRestart(reason, message);

    internal void InvokePostRestart(Exception reason) => PostRestart(reason);

    internal SupervisorStrategy? InvokeSupervisorStrategy() => SupervisorStrategy();

    internal void SetBehavior(Receive receive, bool discardOld)
    {
        ArgumentNullException.ThrowIfNull(receive);
        if (discardOld)
        {
            _behavior = receive;
            return;
        }

        (_stacked ??= new Stack<Receive>()).Push(_behavior);
        _behavior = receive;
    }

    internal void PopBehavior()
    {
        if (_stacked is { Count: > 0 })
        {
            _behavior = _stacked.Pop();
        }
    }
}
