namespace Loop.Engine.Spec;

/// <summary>A loaded, validated spec file (DESIGN.md: Spec file).</summary>
internal sealed record LoopSpec(
    string Source,
    LoopSection Loop,
    ExporterSection Exporter,
    BusSection Bus,
    StorageSection Storage,
    OutputSection Output,
    RAxisSection RAxis,
    IReadOnlyList<AdapterSpec> Adapters)
{
    /// <summary>Gets where R-Axis alerts go; no url by default.</summary>
    public AlertmanagerSection Alertmanager { get; init; } = new((Uri?)null);

    /// <summary>Gets the engine's caps (max_adapters).</summary>
    public LimitsSection Limits { get; init; } = new();

    /// <summary>Gets this node's place in a cluster; null runs one engine alone (the default).</summary>
    public ClusterSection? Cluster { get; init; }
}
