namespace Loop.Actors.Loop;

/// <summary>The LoopSupervisor's protocol.</summary>
public sealed partial class LoopSupervisor
{
    /// <summary>Finishes the tick in flight, stops ticking, and replies <see cref="LoopStopped"/>.</summary>
    public sealed class StopLoop
    {
        private StopLoop()
        {
        }

        /// <summary>Gets the single instance.</summary>
        public static StopLoop Instance { get; } = new();
    }

    /// <summary>The reply to <see cref="StopLoop"/>: no tick is in flight any more.</summary>
    /// <param name="Ticks">Ticks completed.</param>
    /// <param name="Overruns">Ticks that ended at their deadline.</param>
    public sealed record LoopStopped(long Ticks, long Overruns);

    /// <summary>Restarts a parked adapter with a fresh restart budget; the reply is <see cref="AdapterRevived"/> or a StatusFailure.</summary>
    /// <param name="Adapter">The adapter's name.</param>
    public sealed record ReviveAdapter(string Adapter);

    /// <summary>The reply to <see cref="ReviveAdapter"/>.</summary>
    /// <param name="Adapter">The adapter's name.</param>
    public sealed record AdapterRevived(string Adapter);

    /// <summary>Asks for the loop's state; the reply is <see cref="LoopStatus"/>.</summary>
    public sealed class GetStatus
    {
        private GetStatus()
        {
        }

        /// <summary>Gets the single instance.</summary>
        public static GetStatus Instance { get; } = new();
    }

    /// <summary>The loop's state.</summary>
    /// <param name="Ticks">Ticks completed.</param>
    /// <param name="Overruns">Ticks that ended at their deadline.</param>
    /// <param name="Adapters">Each adapter by name.</param>
    public sealed record LoopStatus(long Ticks, long Overruns, IReadOnlyDictionary<string, AdapterStatus> Adapters)
    {
        /// <summary>Gets a value indicating whether the loop is paused (ticks on its grid, adapters skipped).</summary>
        public bool Paused { get; init; }

        /// <summary>Gets the loop scope's R-Axis level.</summary>
        public RAxis.RAxisLevel RAxisLoop { get; init; }

        /// <summary>Gets the tick interval in force.</summary>
        public TimeSpan TickInterval { get; init; }

        /// <summary>Gets how many adapters the last completed tick had due (their interval came round).</summary>
        public int AdaptersDue { get; init; }

        /// <summary>Gets how many adapters the last completed tick called.</summary>
        public int AdaptersRan { get; init; }
    }

    /// <summary>Internal: the next tick is due (from the fixed-rate scheduler).</summary>
    internal sealed class TickDue
    {
        public static readonly TickDue Instance = new();
    }

    /// <summary>Internal: tick <paramref name="Tick"/>'s deadline passed.</summary>
    internal sealed record DeadlinePassed(long Tick);

    /// <summary>Internal: send tick <paramref name="Tick"/> to batch <paramref name="Batch"/> of the adapters (spread).</summary>
    internal sealed record SendBatch(long Tick, int Batch);
}
