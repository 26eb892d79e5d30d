namespace Loop.Exporter.Collection;

/// <summary>One series of an instrument: its labels, its aggregation cell and its place in the table's order.</summary>
internal sealed class Series<TCell>(SeriesLabels labels, TCell cell, int index)
{
    public SeriesLabels Labels { get; } = labels;

    public TCell Cell { get; } = cell;

    /// <summary>Gets or sets the series' position in creation order (renumbered when series are removed).</summary>
    public int Index { get; set; } = index;

    /// <summary>Gets or sets the next series whose tags hash the same (a chain, not a list per hash: less memory per series).</summary>
    public Series<TCell>? NextWithSameHash { get; set; }
}
