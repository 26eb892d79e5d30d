using Loop.Actors.Adapters;

namespace Loop.Actors.Loop;

/// <summary>
/// Runs the tick loop (DESIGN.md: The tick loop). Tick n is due at start + n * interval on the
/// scheduler's fixed-rate grid; every running adapter gets <see cref="AdapterActor.AdapterTick"/>, and
/// the tick completes when all answered or its deadline passed (missing answers count as timeout).
/// Loop latency = completion - due. A slow tick never shifts the schedule. Each adapter sits under
/// its own <see cref="BackoffSupervisor"/>; ticks that reach an adapter in backoff come back here and
/// count as skipped; an adapter whose supervisor gave up is parked. Completed ticks are published on
/// the event stream as <see cref="TickCompleted"/>.
/// </summary>
public sealed partial class LoopSupervisor : ReceiveActor
{
    private const int MaxSpreadBatches = 10;
    private readonly LoopOptions _options;
    private readonly List<AdapterSlot> _slots = [];
    private readonly Dictionary<string, AdapterSlot> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<IActorRef, AdapterSlot> _bySupervisor = [];
    private readonly TimeProvider _time;
    private readonly long _intervalTicks;
    private long _start;
    private DateTimeOffset _startUtc;
    private long _nextTick = 1;
    private long _completed;
    private long _overruns;
    private ICancelable? _ticker;
    private TickAggregate? _open;
    private IActorRef? _stopRequester;
    private bool _finished;

    private LoopSupervisor(LoopOptions options)
    {
        _options = options;
        _time = Context.System.TimeProvider;
        _intervalTicks = (long)(options.TickInterval.TotalSeconds * _time.TimestampFrequency);
        Receive<TickDue>(_ => OnTickDue());
        Receive<AdapterActor.AdapterResult>(OnResult);
        Receive<AdapterActor.AdapterTick>(OnTickHandedBack);
        Receive<DeadlinePassed>(OnDeadline);
        Receive<SendBatch>(b => SendTickToBatch(b.Tick, b.Batch));
        Receive<Terminated>(OnSupervisorTerminated);
        Receive<ReviveAdapter>(OnRevive);
        Receive<StopLoop>(_ => OnStop());
        Receive<GetStatus>(_ => Sender.Tell(new LoopStatus(_completed, _overruns, _slots.ToDictionary(s => s.Name, s => s.State)), Self));
    }

    /// <summary>Returns props for a loop supervisor.</summary>
    /// <param name="options">The loop's settings (already validated).</param>
    /// <returns>The props.</returns>
    public static Props Props(LoopOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.TickInterval, TimeSpan.Zero);
        return Runtime.Props.Create(() => new LoopSupervisor(options));
    }

    /// <inheritdoc />
    protected override void PreStart()
    {
        foreach (var definition in _options.Adapters)
        {
            var slot = new AdapterSlot(definition);
            _slots.Add(slot);
            _byName.Add(definition.Name, slot);
            StartSupervisor(slot);
        }

        _start = _time.GetTimestamp();
        _startUtc = _time.GetUtcNow();
        _ticker = Context.System.Scheduler.ScheduleTellRepeatedly(_options.TickInterval, _options.TickInterval, Self, TickDue.Instance, Self);
    }

    /// <inheritdoc />
    protected override void PostStop() => _ticker?.Cancel();

    private void StartSupervisor(AdapterSlot slot)
    {
        var policy = slot.Definition.Restart;
        var supervisor = Context.ActorOf(
            BackoffSupervisor.Props(new BackoffOptions
            {
                ChildProps = AdapterActor.Props(slot.Definition),
                ChildName = "adapter",
                Mode = BackoffMode.OnFailure,
                MinBackoff = policy.MinBackoff,
                MaxBackoff = policy.MaxBackoff,
                Multiplier = policy.Multiplier,
                RandomFactor = policy.RandomFactor,
                MaxNrOfRetries = policy.MaxRetries,
                ResetBackoffAfter = policy.ResetAfter,
                HandlerWhileStopped = Self,
                Decider = static _ => Directive.Restart,
            }),
            slot.Name);
        Context.Watch(supervisor);
        slot.Supervisor = supervisor;
        _bySupervisor[supervisor] = slot;
    }

    private void SetState(AdapterSlot slot, AdapterState state, string @event, string? reason)
    {
        if (slot.State == state)
        {
            return;
        }

        var previous = slot.State;
        slot.State = state;
        slot.LastReason = reason;
        Context.System.EventStream.Publish(new AdapterStateChanged(slot.Name, previous, state, @event, reason));
    }

    private void OnResult(AdapterActor.AdapterResult result)
    {
        if (_byName.TryGetValue(result.Adapter, out var slot) && slot.State == AdapterState.Backoff)
        {
            SetState(slot, AdapterState.Running, "restarted", null);
        }

        if (_open is { } open && open.Tick == result.Tick)
        {
            open.Record(result.Adapter, result.Outcome);
            if (open.IsComplete)
            {
                Finish(open, overrun: false);
            }
        }
    }

    private void OnTickHandedBack(AdapterActor.AdapterTick tick)
    {
        // The adapter's BackoffSupervisor handed the tick back: its child is down, waiting out the delay.
        if (_byName.TryGetValue(tick.Adapter, out var slot))
        {
            SetState(slot, AdapterState.Backoff, "backoff", "restarting after a failure");
        }

        if (_open is { } open && open.Tick == tick.Tick)
        {
            open.Record(tick.Adapter, AdapterOutcome.Skipped);
            if (open.IsComplete)
            {
                Finish(open, overrun: false);
            }
        }
    }

    private void OnSupervisorTerminated(Terminated terminated)
    {
        if (!_bySupervisor.Remove(terminated.ActorRef, out var slot))
        {
            return;
        }

        slot.Supervisor = null;
        SetState(slot, AdapterState.Parked, "parked", $"out of retries after {slot.Definition.Restart.MaxRetries} restarts");
        if (_open is { } open)
        {
            open.Record(slot.Name, AdapterOutcome.Skipped);
            if (open.IsComplete)
            {
                Finish(open, overrun: false);
            }
        }
    }

    private void OnRevive(ReviveAdapter revive)
    {
        if (!_byName.TryGetValue(revive.Adapter, out var slot))
        {
            Sender.Tell(new StatusFailure(new ArgumentException($"no adapter named '{revive.Adapter}'")), Self);
            return;
        }

        if (slot.State != AdapterState.Parked)
        {
            Sender.Tell(new StatusFailure(new InvalidOperationException($"adapter '{revive.Adapter}' is {slot.State.ToString().ToLowerInvariant()}, not parked")), Self);
            return;
        }

        StartSupervisor(slot);
        SetState(slot, AdapterState.Running, "revived", "revived by an operator");
        Sender.Tell(new AdapterRevived(slot.Name), Self);
    }
}
