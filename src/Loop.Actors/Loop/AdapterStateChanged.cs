namespace Loop.Actors.Loop;

/// <summary>Published on the event stream when an adapter changes state (restarting, parked, revived...).</summary>
/// <param name="Adapter">The adapter's name.</param>
/// <param name="Previous">Its previous state.</param>
/// <param name="State">Its new state.</param>
/// <param name="Event">What happened: backoff, restarted, parked, revived, disabled, enabled.</param>
/// <param name="Reason">Why, when known.</param>
/// <param name="At">When it happened, on the system's clock.</param>
public sealed record AdapterStateChanged(string Adapter, AdapterState Previous, AdapterState State, string Event, string? Reason, DateTimeOffset At)
{
    /// <summary>Gets the adapter's backoff restarts so far, after this change (what a journal keeps).</summary>
    public long Restarts { get; init; }

    /// <summary>
    /// Gets the reason class (<see cref="Adapters.AdapterReasons"/>) of the adapter's last failed result, on a change a
    /// failure caused (backoff, parked, blocked); null on the others and before any failure.
    /// </summary>
    public string? ReasonClass { get; init; }

    /// <summary>
    /// Gets what the adapter would take to another node of a cluster after this change (<see cref="AdapterCarry"/>):
    /// what a cluster keeps of it for the node that runs it next when this one dies. Null on a removal.
    /// </summary>
    public AdapterCarry? Carry { get; init; }
}
