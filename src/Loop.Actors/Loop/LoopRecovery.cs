using Loop.Actors.RAxis;

namespace Loop.Actors.Loop;

/// <summary>
/// What an earlier run of the loop left that this one starts from (the engine's journal keeps it): the
/// operator's pause, adapters kept out of the loop, restart counts, parked adapters and R-Axis levels.
/// The adapter set and the tick interval come in <see cref="LoopOptions"/> themselves.
/// </summary>
public sealed record LoopRecovery
{
    /// <summary>Gets a value indicating whether an operator had paused the loop.</summary>
    public bool Paused { get; init; }

    /// <summary>Gets the adapters an operator had disabled.</summary>
    public IReadOnlySet<string> Disabled { get; init; } = new HashSet<string>();

    /// <summary>Gets the adapters that had run out of restarts: they start parked, without an actor.</summary>
    public IReadOnlySet<string> Parked { get; init; } = new HashSet<string>();

    /// <summary>Gets each adapter's backoff restarts so far.</summary>
    public IReadOnlyDictionary<string, long> Restarts { get; init; } = new Dictionary<string, long>();

    /// <summary>Gets each R-Axis scope's level (<c>loop</c>, <c>adapter:NAME</c>); scopes not named start at OK.</summary>
    public IReadOnlyDictionary<string, RAxisLevel> Levels { get; init; } = new Dictionary<string, RAxisLevel>();
}
