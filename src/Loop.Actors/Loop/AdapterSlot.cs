using Loop.Actors.Adapters;

namespace Loop.Actors.Loop;

/// <summary>The loop's view of one adapter: its position, definition, supervisor, running actor and state.</summary>
internal sealed class AdapterSlot(int index, AdapterDefinition definition)
{

    public int Index { get; } = index;

    /// <summary>Gets or sets which tick of its period the adapter is due on (see <see cref="PhaseTable"/>).</summary>
    public int Phase { get; set; }

    /// <summary>Gets or sets the period (in ticks) its phase was taken in, to give it back when it goes.</summary>
    public int PhasePeriod { get; set; } = 1;

    /// <summary>Gets or sets a value indicating whether the tick in flight calls this adapter (its interval came round).</summary>
    public bool DueThisTick { get; set; }

    public AdapterDefinition Definition { get; } = definition;

    public string Name => Definition.Name;

    /// <summary>Gets or sets the adapter's BackoffSupervisor; null once it gave up (parked).</summary>
    public IActorRef? Supervisor { get; set; }

    /// <summary>Gets or sets the running adapter actor; null while it is down (starting, backing off, parked).</summary>
    public IActorRef? Adapter { get; set; }

    public AdapterState State { get; set; } = AdapterState.Starting;

    /// <summary>Gets or sets the share of ok calls in the window (resonance_adapter_success_rate); NaN before the first call.</summary>
    public double SuccessRate { get; set; } = double.NaN;

    /// <summary>Gets or sets the backoff restarts so far.</summary>
    public long Restarts { get; set; }

    /// <summary>Gets or sets the adapter's R-Axis scope; made with the slot.</summary>
    public RAxis.AdapterScopeEvaluator RAxis { get; set; } = null!;

    /// <summary>Gets or sets when the blocked adapter last had a trial call (evaluator time).</summary>
    public TimeSpan LastTrial { get; set; }

    /// <summary>Gets or sets a value indicating whether this tick's call is a blocked adapter's trial.</summary>
    public bool TrialThisTick { get; set; }

    /// <summary>Gets or sets when a parked adapter's next revive trial is due (evaluator time).</summary>
    public TimeSpan NextRevive { get; set; }

    /// <summary>Gets or sets a value indicating whether a parked adapter has a trial actor (starting, or its trial call in flight).</summary>
    public bool ReviveTrial { get; set; }

    /// <summary>Gets or sets how many supervisors this adapter has had (restarts by an operator make new ones).</summary>
    public int Generation { get; set; }

    /// <summary>Gets or sets the fault injected into the next <see cref="FaultsLeft"/> calls.</summary>
    public FaultMode Fault { get; set; }

    /// <summary>Gets or sets how many calls are still to fail as <see cref="Fault"/> says.</summary>
    public int FaultsLeft { get; set; }

    /// <summary>Gets or sets this adapter's outcome in the tick in flight; null until it has one.</summary>
    public AdapterOutcome? TickOutcome { get; set; }

    /// <summary>Gets or sets the reason class of this tick's result ("" for ok and skipped).</summary>
    public string TickReason { get; set; } = string.Empty;

    /// <summary>Gets or sets the reason class of its last result that was not ok ("" before one): what its failure events carry.</summary>
    public string LastFailureClass { get; set; } = string.Empty;

    /// <summary>Gets or sets the latency of this adapter's call in the tick in flight, in ms; NaN when there is none to record.</summary>
    public double TickLatencyMs { get; set; } = double.NaN;

    /// <summary>Gets or sets the latency of the last call that measured one (for /status and the web view); NaN before.</summary>
    public double LastLatencyMs { get; set; } = double.NaN;

    /// <summary>Gets or sets the restarts its BackoffSupervisor made since its count last reset (Akka's count, mirrored).</summary>
    public int BackoffAttempts { get; set; }

    /// <summary>Gets or sets when its running actor last started (the loop's clock timestamp).</summary>
    public long StartedAt { get; set; }

    /// <summary>Gets or sets this adapter's metric series (made once when it joins the loop, not per measurement); null once it is removed.</summary>
    public Telemetry.AdapterSeries? Series { get; set; }
}
