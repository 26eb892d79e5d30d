namespace Loop.Actors.Adapters;

/// <summary>The outcome of one adapter call in one tick (DESIGN.md: The tick loop).</summary>
public enum AdapterOutcome
{
    /// <summary>The call succeeded.</summary>
    Ok,

    /// <summary>The call did not finish within its timeout or the tick's deadline (transient).</summary>
    Timeout,

    /// <summary>A transient failure: network error, 5xx, 504, non-zero exit, a crash.</summary>
    Error,

    /// <summary>A permanent failure (4xx, validation): counted, never restarts anything.</summary>
    Rejected,

    /// <summary>Not called: backing off, parked or disabled.</summary>
    Skipped,
}
