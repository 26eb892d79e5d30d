namespace Loop.Actors.Loop;

/// <summary>The loop's view of one adapter: its definition, its supervisor and its state.</summary>
internal sealed class AdapterSlot(AdapterDefinition definition)
{
    public AdapterDefinition Definition { get; } = definition;

    public string Name => Definition.Name;

    public IActorRef? Supervisor { get; set; }

    public AdapterState State { get; set; } = AdapterState.Running;

    public string? LastReason { get; set; }
}
