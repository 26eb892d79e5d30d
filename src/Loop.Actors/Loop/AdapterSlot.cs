namespace Loop.Actors.Loop;

/// <summary>The loop's view of one adapter: its position, definition, supervisor, running actor and state.</summary>
internal sealed class AdapterSlot(int index, AdapterDefinition definition)
{
    public int Index { get; } = index;

    public AdapterDefinition Definition { get; } = definition;

    public string Name => Definition.Name;

    /// <summary>Gets or sets the adapter's BackoffSupervisor; null once it gave up (parked).</summary>
    public IActorRef? Supervisor { get; set; }

    /// <summary>Gets or sets the running adapter actor; null while it is down (starting, backing off, parked).</summary>
    public IActorRef? Adapter { get; set; }

    public AdapterState State { get; set; } = AdapterState.Starting;

    /// <summary>Gets or sets the success rate over the window (resonance_adapter_success_rate).</summary>
    public SuccessWindow? Window { get; set; }

    /// <summary>Gets or sets the metric tag for this adapter (made once, not per measurement).</summary>
    public KeyValuePair<string, object?> Tag { get; set; }
}
