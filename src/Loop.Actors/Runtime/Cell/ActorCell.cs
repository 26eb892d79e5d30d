namespace Loop.Actors.Runtime;

/// <summary>
/// The runtime side of one actor: its mailbox, its current instance, its children and watchers, and
/// the state machine of start, failure, restart and stop. Everything here except the children table
/// and the mailbox's Post methods runs only during the actor's own turn, so it needs no locks.
/// Split by concern: Dispatch, Children, Supervision, Lifecycle, DeathWatch, Async, Stash.
/// </summary>
internal sealed partial class ActorCell : IActorContext, IStash
{
    // Reasons user messages must wait; user messages flow only when none is set.
    private const int BlockedNotStarted = 1;
    private const int BlockedFailed = 2;
    private const int BlockedAwaitingAsync = 4;
    private const int BlockedTerminating = 8;

    [ThreadStatic]
    private static ActorCell? CurrentCell;

    private readonly ActorSystem _system;
    private readonly IInternalActorRef _parent;
    private readonly Props _props;
    private readonly LocalActorRef _self;
    private ActorBase? _actor;
    private Envelope _current;
    private int _blocked = BlockedNotStarted;

    public ActorCell(ActorSystem system, IInternalActorRef parent, ActorPath path, Props props)
    {
        _system = system;
        _parent = parent;
        _props = props;
        _self = new LocalActorRef(this, path);
        Mailbox = new Mailbox(this, system.Settings.Throughput, props.Dispatcher == Dispatchers.Pinned ? path.ToString() : null);
    }

    public Mailbox Mailbox { get; }

    public LocalActorRef SelfRef => _self;

    public IActorRef Self => _self;

    public IActorRef Sender => _current.Sender ?? ActorRefs.NoSender;

    public IActorRef Parent => _parent;

    public ActorSystem System => _system;

    /// <summary>Gets the cell whose turn is running on this thread, if any.</summary>
    internal static ActorCell? Current => CurrentCell;

    internal bool CanProcessUserMessages => _blocked == 0;

    internal static void SetCurrent(ActorCell? cell) => CurrentCell = cell;

    internal void Start() => Mailbox.PostSystem(new Create());

    internal void SendToDeadLetters(Envelope envelope) =>
        _system.PublishDeadLetter(envelope.Message, envelope.Sender, _self);

    internal void PublishError(string message, Exception? cause)
    {
        if (_system.EventStream.HasSubscribers)
        {
            _system.EventStream.Publish(new ActorError(_self.Path.ToString(), message, cause));
        }
    }

    private void PublishLifecycle(ActorLifecycleKind kind, Exception? reason)
    {
        var stream = _system.EventStream;
        if (stream.HasSubscribers && stream.HasSubscribersFor(typeof(ActorLifecycleEvent)))
        {
            stream.Publish(new ActorLifecycleEvent(_self, kind, reason));
        }
    }
}
