namespace Loop.Actors.Loop;

/// <summary>
/// What an adapter takes with it when it moves to another node of a cluster (a graceful leave, a rebalance): what an
/// operator decided (disabled) and what the loop did to it (parked, its restart count), which one engine keeps in its
/// journal. Without it an adapter disabled on one node would run again on the next.
/// </summary>
/// <param name="Disabled">Whether it was disabled.</param>
/// <param name="Parked">Whether it was parked (out of retries).</param>
/// <param name="Restarts">How many times it was restarted.</param>
public sealed record AdapterCarry(bool Disabled, bool Parked, long Restarts)
{
    /// <summary>An adapter that starts fresh: enabled, not parked, never restarted.</summary>
    public static readonly AdapterCarry None = new(false, false, 0);
}
