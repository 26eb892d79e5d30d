namespace Loop.Actors.Loop;

/// <summary>What <see cref="GcPacer"/> reads of the runtime's garbage collector and asks of it (a fake in its tests).</summary>
public interface IGarbageCollector
{
    /// <summary>Gets the bytes allocated by the process so far.</summary>
    long AllocatedBytes { get; }

    /// <summary>Gets the number of gen0 collections so far (every collection counts in gen0).</summary>
    int Collections { get; }

    /// <summary>Gets the runtime's bound on gen0's budget, in bytes (its configuration).</summary>
    long Gen0BudgetBound { get; }

    /// <summary>
    /// Gets gen0's size in bytes when the last collection of gen0 alone began (0 before any): what it had taken of its
    /// budget. A collection of gen1 or gen2 (a large allocation, the runtime's own tuning) says nothing of the budget.
    /// </summary>
    long LastGen0SizeBefore { get; }

    /// <summary>Collects gen0 now, blocking.</summary>
    void CollectGen0();
}
