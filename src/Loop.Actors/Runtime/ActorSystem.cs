namespace Loop.Actors.Runtime;

/// <summary>
/// A hierarchy of actors under <c>/user</c> (yours) and <c>/system</c> (runtime helpers such as test
/// probes), with the dead letters, event stream and scheduler they share (Akka's <c>ActorSystem</c>).
/// </summary>
public sealed class ActorSystem
{
    private readonly ActorCell _userGuardian;
    private readonly ActorCell _systemGuardian;
    private readonly DeadLetterActorRef _deadLetters;
    private readonly PreciseScheduler _scheduler;
    private readonly TaskCompletionSource _terminated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _deadLetterCount;
    private int _terminateRequested;

    private ActorSystem(string name, ActorSystemSettings settings)
    {
        Name = name;
        Settings = settings;
        TimeProvider = settings.TimeProvider;
        EventStream = new EventStream();
        _deadLetters = new DeadLetterActorRef(this);
        _scheduler = new PreciseScheduler(settings.TimeProvider);
        var root = new RootActorRef(this);
        var guardianProps = Props.Create(static () => new GuardianActor());
        _userGuardian = new ActorCell(this, root, ActorPath.Root.Child("user"), guardianProps);
        _systemGuardian = new ActorCell(this, root, ActorPath.Root.Child("system"), guardianProps);
        _userGuardian.Start();
        _systemGuardian.Start();
    }

    /// <summary>Gets the system's name.</summary>
    public string Name { get; }

    /// <summary>Gets the settings the system was created with.</summary>
    public ActorSystemSettings Settings { get; }

    /// <summary>Gets the system's clock.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>Gets the event stream (dead letters, unhandled messages, actor errors, lifecycle events).</summary>
    public EventStream EventStream { get; }

    /// <summary>Gets the scheduler for delayed and fixed-rate messages.</summary>
    public IScheduler Scheduler => _scheduler;

    /// <summary>Gets <c>/deadLetters</c>: what is sent there is published as <see cref="DeadLetter"/>.</summary>
    public IActorRef DeadLetters => _deadLetters;

    /// <summary>Gets how many messages went to dead letters since the system started.</summary>
    public long DeadLetterCount => Interlocked.Read(ref _deadLetterCount);

    /// <summary>Gets a task that completes when every actor has stopped after <see cref="Terminate"/>.</summary>
    public Task WhenTerminated => _terminated.Task;

    /// <summary>Creates and starts an actor system.</summary>
    /// <param name="name">The system's name (used in logs).</param>
    /// <param name="settings">Settings; the defaults when null.</param>
    /// <returns>The running system.</returns>
    public static ActorSystem Create(string name, ActorSystemSettings? settings = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        settings ??= new ActorSystemSettings();
        settings.Validate();
        return new ActorSystem(name, settings);
    }

    /// <summary>Creates a top-level actor under <c>/user</c>.</summary>
    /// <param name="props">The recipe.</param>
    /// <param name="name">A name unique among live top-level actors; generated when null.</param>
    /// <returns>The actor's reference.</returns>
    /// <exception cref="InvalidActorNameException">The name is taken or malformed, or the system is terminating.</exception>
    public IActorRef ActorOf(Props props, string? name = null) => _userGuardian.MakeChild(props, name);

    /// <summary>Creates an actor under <c>/system</c>, for runtime helpers (test probes, loggers).</summary>
    /// <param name="props">The recipe.</param>
    /// <param name="name">A unique name; generated when null.</param>
    /// <returns>The actor's reference.</returns>
    public IActorRef SystemActorOf(Props props, string? name = null) => _systemGuardian.MakeChild(props, name);

    /// <summary>Stops <paramref name="actor"/> asynchronously (its children first).</summary>
    /// <param name="actor">The actor.</param>
    public void Stop(IActorRef actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        (actor as IInternalActorRef)?.SendSystemMessage(new Terminate());
    }

    /// <summary>Stops every actor (user actors first, then system actors) and then the scheduler.</summary>
    /// <returns><see cref="WhenTerminated"/>.</returns>
    public Task Terminate()
    {
        if (Interlocked.Exchange(ref _terminateRequested, 1) == 0)
        {
            _userGuardian.SelfRef.SendSystemMessage(new Terminate());
        }

        return WhenTerminated;
    }

    /// <inheritdoc />
    public override string ToString() => $"ActorSystem({Name})";

    internal void PublishDeadLetter(object message, IActorRef sender, IActorRef recipient)
    {
        Interlocked.Increment(ref _deadLetterCount);
        if (EventStream.HasSubscribers && message is not DeadLetter)
        {
            EventStream.Publish(new DeadLetter(message, sender, recipient));
        }
    }

    internal void OnGuardianTerminated(IInternalActorRef guardian)
    {
        if (ReferenceEquals(guardian, _userGuardian.SelfRef))
        {
            Interlocked.Exchange(ref _terminateRequested, 1);
            _systemGuardian.SelfRef.SendSystemMessage(new Terminate());
        }
        else if (ReferenceEquals(guardian, _systemGuardian.SelfRef))
        {
            _scheduler.Dispose();
            _terminated.TrySetResult();
        }
    }
}
