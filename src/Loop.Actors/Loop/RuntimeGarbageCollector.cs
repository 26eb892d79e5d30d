namespace Loop.Actors.Loop;

/// <summary>The runtime's own collector, for <see cref="GcPacer"/>.</summary>
public sealed class RuntimeGarbageCollector : IGarbageCollector
{
    /// <summary>Gets the one instance.</summary>
    public static readonly RuntimeGarbageCollector Instance = new();

    // The runtime's bound on gen0's budget (GCGen0MaxBudget: 16 MiB on this machine kind, from its cache size);
    // a gen0 whose survivors are few, as a probing engine's are, is collected when it reaches it.
    private static readonly long ConfiguredBudget =
        GC.GetConfigurationVariables().TryGetValue("GCGen0MaxBudget", out var value) && Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture) is > 0 and var bytes
            ? bytes
            : 6L << 20;

    private RuntimeGarbageCollector()
    {
    }

    /// <inheritdoc />
    public long AllocatedBytes => GC.GetTotalAllocatedBytes(precise: false);

    /// <inheritdoc />
    public int Collections => GC.CollectionCount(0);

    /// <inheritdoc />
    public long Gen0BudgetBound => ConfiguredBudget;

    /// <inheritdoc />
    public long LastGen0SizeBefore
    {
        get
        {
            var last = GC.GetGCMemoryInfo(GCKind.Ephemeral);
            return last.Index > 0 && last.Generation == 0 && last.GenerationInfo.Length > 0 ? last.GenerationInfo[0].SizeBeforeBytes : 0;
        }
    }

    /// <inheritdoc />
    public void CollectGen0() => GC.Collect(0, GCCollectionMode.Forced, blocking: true, compacting: false);
}
