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
        List<(TagSet Tags, ValueCell Cell)> series;
        lock (Gate)
        {
            series = _series.Snapshot().Select(static s => (s.Tags, new ValueCell { Value = s.Cell.Value })).ToList();
        }

        writer.Family(Name, Help, type);
        foreach (var (tags, cell) in series)
        {
            writer.Sample(tags.Tags, cell.Value);
        }
    }

    private sealed class ValueCell
    {
        public double Value { get; set; }
    }
}
