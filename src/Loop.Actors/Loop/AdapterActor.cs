using Loop.Actors.Adapters;
using Loop.Actors.Scheduling;

namespace Loop.Actors.Loop;

/// <summary>
/// Runs one adapter. On start it tells the loop, which then sends it ticks directly (its
/// BackoffSupervisor only supervises, so a tick costs one hop). A call runs off the mailbox (its completion comes back as a message), so a hung
/// call never blocks this actor or the loop; a second tick while a call is still running is answered
/// timeout at once. After <see cref="RestartPolicy.AfterFailures"/> consecutive transient failures, or
/// a crash, the actor fails and its BackoffSupervisor restarts it after a delay. Rejected (permanent)
/// results are reported and never fail it.
/// </summary>
public sealed partial class AdapterActor : UntypedActor
{
    private readonly AdapterDefinition _definition;
    private readonly int _slot;
    private readonly IActorRef _loop;
    private readonly IAdapter _adapter;
    private readonly TimeProvider _time;
    private CancellationTokenSource _cancel = new();
    private string? _failure;
    private DateTimeOffset _failedAt;
    private ITimer? _timeout;
    private bool _inFlight;
    private int _consecutiveFailures;

    /// <summary>Initializes a new instance; the adapter is made here, so a restart gets a fresh one.</summary>
    /// <param name="definition">The adapter.</param>
    /// <param name="slot">Its position in the loop.</param>
    /// <param name="loop">The loop to announce itself to.</param>
    public AdapterActor(AdapterDefinition definition, int slot, IActorRef loop)
    {
        _definition = definition;
        _slot = slot;
        _loop = loop;
        _time = LoopClock.Of(Context.System);
        _adapter = definition.Factory();
    }

    /// <summary>Returns props for an adapter actor.</summary>
    /// <param name="definition">The adapter.</param>
    /// <param name="slot">Its position in the loop.</param>
    /// <param name="loop">The loop to announce itself to.</param>
    /// <returns>The props.</returns>
    public static Props Props(AdapterDefinition definition, int slot, IActorRef loop) =>
        Akka.Actor.Props.Create(() => new AdapterActor(definition, slot, loop)).WithMailbox(LoopActorsConfig.AdapterMailbox);

    /// <inheritdoc />
    /// <remarks>An UntypedActor: one of these per adapter, and a ReceiveActor's handler tables are built per instance.</remarks>
    protected override void OnReceive(object message)
    {
        try
        {
            switch (message)
            {
                case AdapterTick tick:
                    OnTick(tick);
                    break;
                case CallCompleted completed:
                    OnCompleted(completed);
                    break;
                default:
                    Unhandled(message);
                    break;
            }
        }
        catch (Exception ex) when (_failure is null)
        {
            // Not one of its own failures (Fail): a fault of this actor. It fails all the same, and says why.
            (_failure, _failedAt) = (ex.Message, _time.GetUtcNow());
            throw;
        }
    }

    /// <inheritdoc />
    protected override void PreStart() => _loop.Tell(new AdapterStarted(_slot), Self);

    /// <inheritdoc />
    protected override void PostStop()
    {
        _loop.Tell(new AdapterStopped(_slot, _failure, _failedAt), Self);
        _timeout?.Dispose();
        _cancel.Cancel();
        _cancel.Dispose();
        _adapter.Dispose();
    }

    private void OnTick(AdapterTick tick)
    {
        if (_inFlight)
        {
            Sender.Tell(new AdapterResult(tick.Tick, _slot, _definition.Name, AdapterOutcome.Timeout, 0, "previous call still running"), Self);
            return;
        }

        if (!_cancel.TryReset())
        {
            _cancel.Dispose();
            _cancel = new CancellationTokenSource();
        }

        var started = _time.GetTimestamp();
        var replyTo = Sender;
        Task<AdapterCallResult> call;
        try
        {
            call = tick.Fault is { } fault ? Injected(fault, _cancel.Token) : _adapter.CallAsync(tick.Tick, _cancel.Token);
        }
        catch (Exception ex)
        {
            Complete(new CallCompleted(tick.Tick, replyTo, started, default, ex));
            return;
        }

        if (call.IsCompleted)
        {
            Complete(ToCompletion(call, tick.Tick, replyTo, started, timedOut: false));
            return;
        }

        // The call is cut at its own timeout or at the tick's deadline, whichever comes first,
        // on the system's clock (so tests on a manual clock decide when a call times out). Both are
        // measured from now: time the adapter took to hand back its task has already passed.
        var now = _time.GetTimestamp();
        var untilDeadline = _time.GetElapsedTime(now, Math.Max(now, tick.Deadline));
        var untilTimeout = _definition.Timeout - _time.GetElapsedTime(started, now);
        var cutIn = untilDeadline < untilTimeout ? untilDeadline : untilTimeout;
        _timeout = _time.CreateTimer(
            static state => CancelQuietly((CancellationTokenSource)state!),
            _cancel,
            cutIn > TimeSpan.Zero ? cutIn : TimeSpan.Zero,
            Timeout.InfiniteTimeSpan);
        _inFlight = true;
        var self = Self;
        var token = _cancel.Token;
        call.ContinueWith(
            t => self.Tell(ToCompletion(t, tick.Tick, replyTo, started, token.IsCancellationRequested), self),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    /// <summary>An injected fault acted out through the same path as a real call: timeouts are cut at the deadline, crashes crash.</summary>
    private static Task<AdapterCallResult> Injected(FaultMode fault, CancellationToken cancellation) => fault switch
    {
        FaultMode.Timeout => HangUntilCut(cancellation),
        FaultMode.Error => Task.FromResult(new AdapterCallResult(AdapterOutcome.Error, "injected fault: 504 Gateway Timeout")),
        _ => throw new InjectedFaultException("injected fault: crash"),
    };

    private static async Task<AdapterCallResult> HangUntilCut(CancellationToken cancellation)
    {
        await Task.Delay(Timeout.Infinite, cancellation).ConfigureAwait(false);
        return new AdapterCallResult(AdapterOutcome.Timeout, "injected fault: timeout");
    }

    private static void CancelQuietly(CancellationTokenSource source)
    {
        try
        {
            source.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The actor stopped and disposed it first: nothing left to cancel.
        }
    }

    private void OnCompleted(CallCompleted completed)
    {
        _timeout?.Dispose();
        _timeout = null;
        _inFlight = false;
        Complete(completed);
    }

    private void Complete(CallCompleted completed)
    {
        var latencyMs = _time.GetElapsedTime(completed.Started).TotalMilliseconds;
        if (completed.Crash is { } crash)
        {
            completed.ReplyTo.Tell(new AdapterResult(completed.Tick, _slot, _definition.Name, AdapterOutcome.Error, latencyMs, "crash: " + crash.Message), Self);
            Fail($"adapter {_definition.Name} crashed: {crash.Message}");
        }

        var result = completed.Result;
        completed.ReplyTo.Tell(new AdapterResult(completed.Tick, _slot, _definition.Name, result.Outcome, latencyMs, result.Detail) { CertificateExpires = result.CertificateExpires }, Self);
        if (result.Outcome == AdapterOutcome.Ok)
        {
            _consecutiveFailures = 0;
        }
        else if (AdapterOutcomeNames.IsTransientFailure(result.Outcome)
            && ++_consecutiveFailures >= _definition.Restart.AfterFailures)
        {
            Fail($"adapter {_definition.Name}: {_consecutiveFailures} consecutive failures, last {AdapterOutcomeNames.Of(result.Outcome)} ({result.Detail})");
        }
    }

    /// <summary>Fails (PostStop tells the loop why): the BackoffSupervisor starts a new actor after its delay.</summary>
    private void Fail(string reason)
    {
        (_failure, _failedAt) = (reason, _time.GetUtcNow());
        throw new AdapterFailedException(reason);
    }

    private static CallCompleted ToCompletion(Task<AdapterCallResult> call, long tick, IActorRef replyTo, long started, bool timedOut)
    {
        if (call.IsCompletedSuccessfully)
        {
            return new CallCompleted(tick, replyTo, started, call.Result, null);
        }

        var error = call.Exception?.InnerException;
        if (call.IsCanceled || error is OperationCanceledException || (timedOut && error is not null))
        {
            return new CallCompleted(tick, replyTo, started, new AdapterCallResult(AdapterOutcome.Timeout, "timed out"), null);
        }

        return new CallCompleted(tick, replyTo, started, default, error ?? new InvalidOperationException("the call failed without an exception"));
    }
}
