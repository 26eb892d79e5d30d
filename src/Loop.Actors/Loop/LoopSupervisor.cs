using Akka.Pattern;
using Loop.Actors.Adapters;
using Loop.Actors.Scheduling;
using Loop.Actors.Telemetry;

namespace Loop.Actors.Loop;

/// <summary>
/// Runs the tick loop (DESIGN.md: The tick loop). Tick n is due at start + n * interval on the
/// scheduler's fixed-rate grid; every running adapter gets <see cref="AdapterActor.AdapterTick"/>, and
/// the tick completes when all answered or its deadline passed (missing answers count as timeout).
/// Loop latency = completion - due. A slow tick never shifts the schedule. Each adapter sits under
/// its own Akka <see cref="BackoffSupervisor"/>; a started adapter actor announces itself and gets its
/// ticks directly (one hop), and says when it stops (<see cref="AdapterActor.AdapterStopped"/>): while it
/// is down (backing off) its ticks are skipped. The loop watches the supervisors: one that stopped gave up,
/// and its adapter is parked. Completed ticks are published on the event stream as <see cref="TickCompleted"/>.
/// </summary>
public sealed partial class LoopSupervisor : ReceiveActor, IWithTimers
{
    private const string TickTimer = "tick";
    private const string DeadlineTimer = "deadline";
    private const int MaxSpreadBatches = 10;
    private readonly LoopOptions _options;
    private readonly List<AdapterSlot> _slots = [];
    private readonly Dictionary<string, AdapterSlot> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<IActorRef, AdapterSlot> _bySupervisor = [];
    private readonly HashSet<string> _usedActorNames = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly LoopMetrics _metrics;
    private long _intervalTicks;
    private TimeSpan _interval;
    private readonly PhaseTable _phases = new();
    private int _lastTickDue;
    private int _lastTickRan;
    private bool _paused;
    private long _start;
    private long _lastDue;
    private long _epoch;
    private DateTimeOffset _startUtc;
    private long _nextTick = 1;
    private long _completed;
    private long _overruns;
    private TickAggregate? _open;
    private IActorRef? _stopRequester;
    private bool _finished;
    private readonly GcPacer? _gcPacer;

    /// <summary>Initializes a new instance (through <see cref="Props(LoopOptions, LoopMetrics?)"/>).</summary>
    /// <param name="options">The loop's settings.</param>
    /// <param name="metrics">Where the loop records its measurements.</param>
    public LoopSupervisor(LoopOptions options, LoopMetrics metrics)
    {
        _options = options;
        _metrics = metrics;
        _time = LoopClock.Of(Context.System);
        _interval = options.TickInterval;
        _intervalTicks = (long)(options.TickInterval.TotalSeconds * _time.TimestampFrequency);
        _gcPacer = options.GarbageCollector is { } gc ? new GcPacer(gc, options.GcBetweenTicks) : null;
        Receive<AdapterActor.AdapterResult>(OnResult); // the hot path: first in line
        Receive<TickDue>(_ => OnTickDue());
        Receive<AdapterActor.AdapterStarted>(OnAdapterStarted);
        Receive<AdapterActor.AdapterStopped>(OnAdapterStopped);
        Receive<DeadlinePassed>(OnDeadline);
        Receive<SendBatch>(b => SendTickToBatch(b.Tick, b.Batch));
        Receive<Terminated>(OnTerminated);
        Receive<ReviveAdapter>(OnRevive);
        ReceiveControl();
        Receive<StopLoop>(_ => OnStop());
        Receive<GetStatus>(_ => Sender.Tell(
            new LoopStatus(_completed, _overruns, _slots.Where(static s => s.State != AdapterState.Removed).ToDictionary(s => s.Name, s => new AdapterStatus(s.State, s.SuccessRate, s.Restarts, s.RAxis.Level, s.FaultsLeft) { Kind = s.Definition.Kind, LastLatencyMs = s.LastLatencyMs, EveryMs = (_interval * PeriodTicks(CurrentEvery(s))).TotalMilliseconds }))
            {
                Paused = Paused,
                RAxisLoop = _loopScope?.Level ?? RAxis.RAxisLevel.Ok,
                TickInterval = _interval,
                AdaptersDue = _lastTickDue,
                AdaptersRan = _lastTickRan,
            },
            Self));
    }

    /// <summary>Returns props for a loop supervisor.</summary>
    /// <param name="options">The loop's settings (already validated).</param>
    /// <param name="metrics">The metrics to record into (the engine's, in the registry its /metrics serves); null: a registry of the loop's own.</param>
    /// <returns>The props.</returns>
    public static Props Props(LoopOptions options, LoopMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.TickInterval, TimeSpan.Zero);
        var recordInto = metrics ?? new LoopMetrics(Prometheus.Metrics.NewCustomRegistry());
        // Its own thread (LoopActorsConfig): a tick must not wait for a pool thread while a scrape or 10,000 adapters keep the pool busy.
        return Akka.Actor.Props.Create(() => new LoopSupervisor(options, recordInto)).WithDispatcher(LoopActorsConfig.LoopDispatcher);
    }

    /// <inheritdoc />
    protected override void PreStart()
    {
        _epoch = _time.GetTimestamp();
        StartRAxis();
        var recovery = _options.Recovery;
        foreach (var definition in _options.Adapters)
        {
            AddSlot(definition, start: recovery?.Parked.Contains(definition.Name) != true);
        }

        if (recovery is not null)
        {
            Recover(recovery);
        }

        // The grid's first firing is "now + delay" inside the scheduler, read a moment after the delay was
        // worked out here: whatever runs in between (the first timer of a process pays ~1 ms of JIT) would
        // be a lateness every tick of the run carries. Paid here, on a timer that is never due.
        Timers.StartPeriodicTimer(TickTimer, TickDue.Instance, TimeSpan.FromDays(1), TimeSpan.FromDays(1));
        Timers.Cancel(TickTimer);

        _start = _time.GetTimestamp();
        _lastDue = _start;
        _startUtc = _time.GetUtcNow();
        if (_options.WallClockGrid)
        {
            // Tick 1 at the next whole multiple of the interval since the Unix epoch: the grid starts that much
            // earlier than "now", on both clocks, so every later tick lands on the wall clock's grid too.
            var sinceEpoch = (_startUtc - DateTimeOffset.UnixEpoch).Ticks;
            var intoInterval = TimeSpan.FromTicks(((sinceEpoch % _interval.Ticks) + _interval.Ticks) % _interval.Ticks);
            _start -= (long)(intoInterval.TotalSeconds * _time.TimestampFrequency);
            _startUtc -= intoInterval;
        }

        // Anchored on _start itself, so "due" here and in the scheduler are the same instant.
        ScheduleTicks(_start + _intervalTicks);
    }

    /// <summary>Gets or sets the actor's timers (set by Akka): the tick grid, the deadline and the spread batches.</summary>
    public ITimerScheduler Timers { get; set; } = null!;

    private AdapterSlot AddSlot(AdapterDefinition definition, bool start = true)
    {
        var slot = new AdapterSlot(_slots.Count, definition);
        slot.PhasePeriod = PeriodTicks(definition.Every);
        slot.Phase = _phases.Assign(definition.Name, slot.PhasePeriod);
        _slots.Add(slot);
        StartRAxis(slot);
        slot.Series = _metrics.AdapterAdded(definition.Name, slot.State); // restarts present at 0 before the first
        _byName[definition.Name] = slot;
        if (start)
        {
            StartSupervisor(slot);
        }

        return slot;
    }

    private void StartSupervisor(AdapterSlot slot)
    {
        var policy = slot.Definition.Restart;

        // A name is taken until its actor has stopped: a supervisor replaced by an operator (or an
        // adapter removed and added again) gets a fresh name, ~2, ~3...
        slot.Generation++;
        slot.BackoffAttempts = 0; // a new supervisor counts from zero
        var name = slot.Generation == 1 && !_usedActorNames.Contains(slot.Name) ? slot.Name : $"{slot.Name}~{slot.Index}.{slot.Generation}";
        _usedActorNames.Add(name);
        // Akka's BackoffSupervisor: a failed adapter actor is stopped and started again after
        // min(max_backoff, min_backoff * 2^k) * (1 + random * random_factor); after max_retries it stops
        // itself, and the loop, watching it, parks the adapter.
        var supervisor = Context.ActorOf(
            BackoffSupervisor.Props(
                Backoff.OnFailure(AdapterActor.Props(slot.Definition, slot.Index, Self), "adapter", policy.MinBackoff, policy.MaxBackoff, policy.RandomFactor, policy.MaxRetries)
                    .WithAutoReset(policy.ResetAfter)
                    .WithSupervisorStrategy(new OneForOneStrategy(policy.MaxRetries, null, static _ => Directive.Restart)))
                .WithMailbox(LoopActorsConfig.AdapterMailbox),
            name);
        Context.Watch(supervisor);
        slot.Supervisor = supervisor;
        _bySupervisor[supervisor] = slot;
    }

    /// <summary>Changes an adapter's state and its state gauge; <paramref name="event"/> null changes it quietly (no AdapterStateChanged).</summary>
    private void SetState(AdapterSlot slot, AdapterState state, string? @event, string? reason)
    {
        if (slot.State == state)
        {
            return;
        }

        var previous = slot.State;
        slot.State = state;
        RecordState(slot, previous);
        if (@event is not null)
        {
            var failed = @event is "backoff" or "parked" or "blocked" && slot.LastFailureClass.Length > 0;
            Context.System.EventStream.Publish(new AdapterStateChanged(slot.Name, previous, state, @event, reason, _time.GetUtcNow())
            {
                Restarts = slot.Restarts,
                ReasonClass = failed ? slot.LastFailureClass : null,
                Carry = CarryOf(slot),
            });
        }
    }

    private void OnResult(AdapterActor.AdapterResult result)
    {
        if (_open is { } open && open.Tick == result.Tick && open.Record(result.Slot, result.Outcome))
        {
            if (result.CertificateExpires is { } expires)
            {
                ObserveCertificate(_slots[result.Slot], expires);
            }

            RecordOutcome(_slots[result.Slot], result.Outcome, result.LatencyMs, result.Detail);
            if (open.IsComplete)
            {
                Finish(open, overrun: false);
            }
        }
    }

    private void OnAdapterStarted(AdapterActor.AdapterStarted started)
    {
        if ((uint)started.Slot >= (uint)_slots.Count)
        {
            return;
        }

        var slot = _slots[started.Slot];
        if (slot.Supervisor is not { } supervisor || Sender.Path.Parent.Name != supervisor.Path.Name)
        {
            return; // from a supervisor an operator replaced or removed: it is stopping
        }

        slot.Adapter = Sender;
        slot.StartedAt = _time.GetTimestamp();
        if (slot.State is AdapterState.Disabled or AdapterState.Removed)
        {
            return; // started again while kept out of the loop: it waits for enable_adapter
        }

        var up = slot.RAxis.Level == RAxis.RAxisLevel.Block ? AdapterState.Blocked : AdapterState.Running;
        if (slot.State == AdapterState.Backoff)
        {
            slot.Restarts++;
            _metrics.Restarted(slot.Series);
            SetState(slot, up, "restarted", null);
        }
        else if (slot.State == AdapterState.Starting)
        {
            SetState(slot, up, null, null); // a first start is not news: no event for each of 10,000 adapters
        }
    }

    private void OnAdapterStopped(AdapterActor.AdapterStopped stopped)
    {
        if ((uint)stopped.Slot >= (uint)_slots.Count || !Equals(_slots[stopped.Slot].Adapter, Sender))
        {
            return; // one the loop already let go of (removed, restarted by an operator, disabled and replaced)
        }

        // The adapter actor failed (or its supervisor gave up); the supervisor starts a new one after the backoff.
        var down = _slots[stopped.Slot];
        down.Adapter = null;
        if (down.State is AdapterState.Running or AdapterState.Blocked)
        {
            SetState(down, AdapterState.Backoff, "backoff", "restarting after a failure");
        }

        AnnounceRestart(down, stopped);
    }

    private void OnTerminated(Terminated terminated)
    {
        if (!_bySupervisor.Remove(terminated.ActorRef, out var slot))
        {
            return;
        }

        slot.Supervisor = null;
        slot.Adapter = null;
        if (slot.State == AdapterState.Removed)
        {
            return;
        }

        if (slot.ReviveTrial)
        {
            slot.ReviveTrial = false; // a revive trial's actor gave up: still parked, the next trial as planned
            return;
        }

        SetState(slot, AdapterState.Parked, "parked", $"out of retries after {slot.Definition.Restart.MaxRetries} restarts");
        slot.NextRevive = RAxisNow + slot.Definition.Restart.ReviveEvery;
        ObserveParked(slot, parked: true);
        if (_open is { } open && open.Record(slot.Index, AdapterOutcome.Skipped))
        {
            RecordOutcome(slot, AdapterOutcome.Skipped, 0);
            if (open.IsComplete)
            {
                Finish(open, overrun: false);
            }
        }
    }

    /// <summary>
    /// Publishes what the adapter's BackoffSupervisor does next, counted as Akka counts it: the count resets
    /// once an actor ran for reset_after, and past max_retries there is no restart (the supervisor stops).
    /// </summary>
    private void AnnounceRestart(AdapterSlot slot, AdapterActor.AdapterStopped stopped)
    {
        var policy = slot.Definition.Restart;
        if (_time.GetElapsedTime(slot.StartedAt) >= policy.ResetAfter)
        {
            slot.BackoffAttempts = 0;
        }

        var attempt = ++slot.BackoffAttempts;
        if (slot.ReviveTrial || attempt > policy.MaxRetries)
        {
            return;
        }

        var delay = TimeSpan.FromTicks((long)Math.Min(policy.MaxBackoff.Ticks, policy.MinBackoff.Ticks * Math.Pow(2, attempt - 1)));
        Context.System.EventStream.Publish(new AdapterRestartScheduled(slot.Name, attempt, delay, stopped.Failure ?? "stopped", stopped.Failure is null ? _time.GetUtcNow() : stopped.FailedAt)
        {
            ReasonClass = slot.LastFailureClass.Length > 0 ? slot.LastFailureClass : null,
        });
    }

    private void OnRevive(ReviveAdapter revive)
    {
        if (!_byName.TryGetValue(revive.Adapter, out var slot))
        {
            Sender.Tell(new Status.Failure(new ArgumentException($"no adapter named '{revive.Adapter}'")), Self);
            return;
        }

        if (slot.State != AdapterState.Parked)
        {
            Sender.Tell(new Status.Failure(new InvalidOperationException($"adapter '{revive.Adapter}' is {slot.State.ToString().ToLowerInvariant()}, not parked")), Self);
            return;
        }

        Restart(slot);
        Sender.Tell(new AdapterRevived(slot.Name), Self);
    }
}
