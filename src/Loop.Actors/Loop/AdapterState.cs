namespace Loop.Actors.Loop;

/// <summary>An adapter's state as the loop sees it.</summary>
public enum AdapterState
{
    /// <summary>Called every tick.</summary>
    Running,

    /// <summary>Failed; waiting out its backoff delay before a restart. Ticks are skipped.</summary>
    Backoff,

    /// <summary>Out of retries; ticks are skipped until it is revived.</summary>
    Parked,

    /// <summary>Disabled by an operator; ticks are skipped.</summary>
    Disabled,

    /// <summary>Created, its actor not running yet (at start or after a revive); ticks are skipped.</summary>
    Starting,

    /// <summary>Its R-Axis scope is at BLOCK: ticks are skipped but for one trial call every trial_every (half-open).</summary>
    Blocked,

    /// <summary>Taken out of the loop by an operator (remove_adapter); it has no series of its own any more.</summary>
    Removed,
}
