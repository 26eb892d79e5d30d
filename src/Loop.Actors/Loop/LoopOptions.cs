namespace Loop.Actors.Loop;

/// <summary>The settings the LoopSupervisor runs with (validated by the engine's spec loader).</summary>
public sealed record LoopOptions
{
    /// <summary>Gets the tick period: tick n is due at start + n * TickInterval.</summary>
    /// <value>The default value is 200 ms.</value>
    public TimeSpan TickInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Gets how long after its due time a tick waits for adapters; the rest count as timeout.</summary>
    /// <value>The default value is 150 ms.</value>
    public TimeSpan Deadline { get; init; } = TimeSpan.FromMilliseconds(150);

    /// <summary>Gets how many ticks to run; 0 runs until stopped.</summary>
    public long Ticks { get; init; }

    /// <summary>
    /// Gets the window over which a tick's calls are spread (in up to 10 batches), so many probes do
    /// not fire in one burst; zero sends every tick at once.
    /// </summary>
    public TimeSpan Spread { get; init; }

    /// <summary>Gets the most adapters the loop runs at once; AddAdapter beyond it is refused (limit_exceeded).</summary>
    /// <value>The default value is 10,000.</value>
    public int MaxAdapters { get; init; } = 10_000;

    /// <summary>Gets the adapters.</summary>
    public IReadOnlyList<AdapterDefinition> Adapters { get; init; } = [];

    /// <summary>Gets the R-Axis bounds the loop and its adapters are held to.</summary>
    public RAxis.RAxisThresholds RAxis { get; init; } = new();

    /// <summary>
    /// Gets the garbage collector the loop watches after each tick, counting its collections
    /// (resonance_gc_collections_total); null watches none. The engine passes <see cref="RuntimeGarbageCollector.Instance"/>.
    /// </summary>
    public IGarbageCollector? GarbageCollector { get; init; }

    /// <summary>Gets a value indicating whether the loop moves gen0 collections between ticks (<see cref="GcPacer"/>; the spec's loop.gc_between_ticks).</summary>
    public bool GcBetweenTicks { get; init; }

    /// <summary>
    /// Gets a value indicating whether ticks fall on the wall clock's grid: every tick due at a whole multiple of the
    /// interval since the Unix epoch (UTC), so the loops of a cluster's nodes tick at the same instants whenever each
    /// started. False (one engine) starts the grid one interval after the loop starts.
    /// </summary>
    public bool WallClockGrid { get; init; }

    /// <summary>Gets what an earlier run left (crash recovery), applied before the first tick; null starts fresh.</summary>
    public LoopRecovery? Recovery { get; init; }
}
