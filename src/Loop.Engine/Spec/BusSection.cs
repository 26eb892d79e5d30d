namespace Loop.Engine.Spec;

/// <summary>The spec's <c>bus</c> block: the commands file, the events file, and what the bus may add at run time.</summary>
/// <param name="Commands">The commands file, tailed.</param>
/// <param name="Events">The events file (acks and the rest).</param>
internal sealed record BusSection(string Commands, string Events)
{
    /// <summary>Gets a value indicating whether add_adapter may add <c>kind: command</c> adapters (they run programs); off by default.</summary>
    public bool AllowCommandAdapters { get; init; }

    /// <summary>Gets the programs a command adapter added over the bus may run (matched by the exact text of <c>command</c>).</summary>
    public IReadOnlyList<string> CommandAllowlist { get; init; } = [];
}
