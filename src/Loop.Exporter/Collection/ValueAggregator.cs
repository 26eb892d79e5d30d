using Loop.Exporter.Exposition;

namespace Loop.Exporter.Collection;

/// <summary>A counter (values add up) or a gauge (the last value wins), per series.</summary>
internal sealed class ValueAggregator(string name, string help, MetricType type) : InstrumentAggregator(name, help)
{
    private readonly SeriesTable<ValueCell> _series = new(static () => new ValueCell());

    public override void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        lock (Gate)
        {
            var cell = _series.Get(tags);
            cell.Value = type == MetricType.Counter ? cell.Value + value : value;
        }
    }

    public override void Write(TextExpositionWriter writer)
    {
        List<(TagSet Tags, double Value)> series;
        lock (Gate)
        {
            var cells = _series.Copy();
            series = new List<(TagSet, double)>(cells.Count);
            foreach (var (tags, cell) in cells)
            {
                series.Add((tags, cell.Value));
            }
        }

        // Sorted outside the lock: a scrape must not hold up the loop's recording.
        series.Sort(static (a, b) => string.CompareOrdinal(a.Tags.SortKey, b.Tags.SortKey));
        writer.Family(Name, Help, type);
        foreach (var (tags, value) in series)
        {
            writer.SampleRendered(tags.LabelText, value);
        }
    }

    private sealed class ValueCell
    {
        public double Value { get; set; }
    }
}
