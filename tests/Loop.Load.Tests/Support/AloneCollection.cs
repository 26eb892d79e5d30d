namespace Loop.Load.Tests.Support;

/// <summary>
/// Tests that measure rates and latencies on a 2-core machine run alone, after the others: beside another
/// class's 400 concurrent calls the target answers late, and the figures measure the neighbours.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AloneCollection
{
    public const string Name = "Load: timing, alone";
}
