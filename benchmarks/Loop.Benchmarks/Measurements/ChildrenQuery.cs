namespace Loop.Benchmarks.Measurements;

/// <summary>Asks a <see cref="SpawnParent"/> for its children.</summary>
public sealed record ChildrenQuery;
