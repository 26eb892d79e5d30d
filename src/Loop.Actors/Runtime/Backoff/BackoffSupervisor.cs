namespace Loop.Actors.Runtime;

/// <summary>
/// Supervises one child and restarts it after an exponentially growing delay (Akka.Pattern's
/// <c>BackoffSupervisor</c>): <c>min(MaxBackoff, MinBackoff * Multiplier^n) * (1 + random * RandomFactor)</c>,
/// n being the number of restarts before this one. The count resets when the child has run
/// <see cref="BackoffOptions.EffectiveResetBackoffAfter"/> without failing, or on <see cref="Reset"/>.
/// Unlike Akka, which sends itself a reset message on a timer, the reset is applied when the count is
/// next needed (a failure or <see cref="GetRestartCount"/>): the same observable behaviour, without a
/// timer or a message per start, so an idle supervisor costs no mailbox queue.
/// After <see cref="BackoffOptions.MaxNrOfRetries"/> consecutive restarts the next failure stops the
/// supervisor itself (watch it to learn that).
/// </summary>
/// <remarks>
/// Messages other than the supervisor's own protocol are forwarded to the child. While the child is
/// down (waiting out the delay) they go to <see cref="BackoffOptions.HandlerWhileStopped"/> when one
/// is set, otherwise to dead letters, as in Akka; nothing is buffered.
/// </remarks>
public sealed partial class BackoffSupervisor : ActorBase
{
    private readonly BackoffOptions _options;
    private readonly SupervisorStrategy _strategy;
    private IActorRef? _child;
    private long _childStarted;
    private int _restartCount;
    private bool _childFailed;
    private Exception? _lastFailure;

    private BackoffSupervisor(BackoffOptions options)
    {
        _options = options;
        _strategy = options.Mode == BackoffMode.OnFailure
            ? new OneForOneStrategy(DecideOnFailure)
            : new OneForOneStrategy(options.Decider);
    }

    /// <summary>Returns the props of a backoff supervisor; the options are validated here, once.</summary>
    /// <param name="options">The settings.</param>
    /// <returns>The props.</returns>
    /// <exception cref="ArgumentException">The options are invalid (every problem listed).</exception>
    public static Props Props(BackoffOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return Runtime.Props.Create(() => new BackoffSupervisor(options));
    }

    /// <summary>
    /// The delay before restart number <paramref name="restartCount"/> + 1 (Akka's <c>CalculateDelay</c>):
    /// the exponential part is capped at <paramref name="maxBackoff"/> before the random part is applied.
    /// </summary>
    /// <param name="restartCount">Restarts made before this one (0 for the first).</param>
    /// <param name="minBackoff">The first delay.</param>
    /// <param name="maxBackoff">The cap of the exponential part.</param>
    /// <param name="randomFactor">The random part's weight.</param>
    /// <param name="multiplier">The growth factor.</param>
    /// <param name="random">A value in [0, 1).</param>
    /// <returns>The delay.</returns>
    public static TimeSpan CalculateDelay(int restartCount, TimeSpan minBackoff, TimeSpan maxBackoff, double randomFactor, double multiplier, double random)
    {
        var exponential = minBackoff.Ticks * Math.Pow(multiplier, restartCount);
        var capped = double.IsFinite(exponential) ? Math.Min(maxBackoff.Ticks, exponential) : maxBackoff.Ticks;
        var ticks = capped * (1.0 + (random * randomFactor));
        return ticks >= TimeSpan.MaxValue.Ticks ? TimeSpan.MaxValue : TimeSpan.FromTicks((long)ticks);
    }

    /// <inheritdoc />
    protected override void PreStart() => SpawnChild();

    /// <inheritdoc />
    protected override SupervisorStrategy SupervisorStrategy() => _strategy;

    /// <inheritdoc />
    protected override bool Receive(object message)
    {
        switch (message)
        {
            case Terminated terminated when ReferenceEquals(terminated.ActorRef, _child):
                OnChildTerminated();
                return true;
            case Terminated:
                return true; // a previous incarnation; already handled
            case StartChild:
                SpawnChild();
                return true;
            case Reset:
                _restartCount = 0;
                return true;
            case GetRestartCount:
                ApplyAutoReset();
                Sender.Tell(new RestartCount(_restartCount), Self);
                return true;
            case GetCurrentChild:
                Sender.Tell(new CurrentChild(_child), Self);
                return true;
            default:
                (_child ?? _options.HandlerWhileStopped ?? Context.System.DeadLetters).Forward(message);
                return true;
        }
    }

    private Directive DecideOnFailure(Exception cause)
    {
        var directive = _options.Decider(cause);
        if (directive != Directive.Restart)
        {
            return directive;
        }

        // Restart later, not now: stop the child and start a new one when the delay is over.
        _childFailed = true;
        _lastFailure = cause;
        return Directive.Stop;
    }

    private void SpawnChild()
    {
        if (_child is not null)
        {
            return;
        }

        _child = Context.Watch(Context.ActorOf(_options.ChildProps, _options.ChildName));
        _childStarted = Context.System.TimeProvider.GetTimestamp();
        _childFailed = false;
    }

    /// <summary>Resets the count if the current child has run the reset window without failing.</summary>
    private void ApplyAutoReset()
    {
        if (_options.AutoReset && _child is not null
            && Context.System.TimeProvider.GetElapsedTime(_childStarted) >= _options.EffectiveResetBackoffAfter)
        {
            _restartCount = 0;
        }
    }

    private void OnChildTerminated()
    {
        ApplyAutoReset();
        _child = null;
        if (_options.Mode == BackoffMode.OnFailure && !_childFailed)
        {
            Context.Stop(Self); // the child stopped of its own accord: so does its supervisor (Akka)
            return;
        }

        var next = _restartCount + 1;
        if (_options.MaxNrOfRetries >= 0 && next > _options.MaxNrOfRetries)
        {
            Publish(new BackoffGaveUp(Self, _options.ChildName, _restartCount, _lastFailure, Context.System.TimeProvider.GetUtcNow()));
            Context.Stop(Self);
            return;
        }

        var delay = CalculateDelay(_restartCount, _options.MinBackoff, _options.MaxBackoff, _options.RandomFactor, _options.Multiplier, _options.Random());
        // Schedule first, then say so: whoever reacts to the event finds the restart already scheduled.
        // Its time is read before scheduling, so "at + delay" is never later than the restart itself.
        var at = Context.System.TimeProvider.GetUtcNow();
        Context.System.Scheduler.ScheduleTellOnce(delay, Self, StartChild.Instance, Self);
        _restartCount = next;
        Publish(new BackoffRestartScheduled(Self, _options.ChildName, next, delay, _options.Mode == BackoffMode.OnFailure ? _lastFailure : null, at));
    }

    private void Publish(object @event)
    {
        var stream = Context.System.EventStream;
        if (stream.HasSubscribers)
        {
            stream.Publish(@event);
        }
    }
}
