namespace Loop.Actors.Loop;

/// <summary>The loop's view of one adapter: its position, definition, supervisor, running actor and state.</summary>
internal sealed class AdapterSlot(int index, AdapterDefinition definition)
{
    private int _state = (int)AdapterState.Starting;

    public int Index { get; } = index;

    public AdapterDefinition Definition { get; } = definition;

    public string Name => Definition.Name;

    /// <summary>Gets or sets the adapter's BackoffSupervisor; null once it gave up (parked).</summary>
    public IActorRef? Supervisor { get; set; }

    /// <summary>Gets or sets the running adapter actor; null while it is down (starting, backing off, parked).</summary>
    public IActorRef? Adapter { get; set; }

    /// <summary>Gets or sets the adapter's state (written on the loop's turn, read by scrapes).</summary>
    public AdapterState State
    {
        get => (AdapterState)Volatile.Read(ref _state);
        set => Volatile.Write(ref _state, (int)value);
    }

    /// <summary>Gets or sets the sliding window behind <see cref="SuccessRate"/>; null until the first call.</summary>
    public SuccessWindow? Window { get; set; }

    /// <summary>The share of ok calls in the window (resonance_adapter_success_rate); NaN before the first call. A field so scrapes can read it with Volatile.</summary>
    public double SuccessRate = double.NaN;

    /// <summary>The backoff restarts so far (resonance_adapter_restarts_total). A field so scrapes can read it with Volatile.</summary>
    public long Restarts;

    /// <summary>Gets the results by outcome (resonance_adapter_results_total).</summary>
    public OutcomeCounts Outcomes { get; } = new();

    /// <summary>Gets or sets the metric tag for this adapter (made once, not per measurement).</summary>
    public KeyValuePair<string, object?> Tag { get; set; }
}
