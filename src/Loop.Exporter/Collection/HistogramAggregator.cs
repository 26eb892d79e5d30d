using Loop.Exporter.Exposition;

namespace Loop.Exporter.Collection;

/// <summary>A histogram per series: counts per bucket (cumulated when written), sum and count.</summary>
internal sealed class HistogramAggregator : InstrumentAggregator
{
    private readonly double[] _bounds;
    private readonly SeriesTable<HistogramCell> _series;

    public HistogramAggregator(string name, string help, double[] bounds)
        : base(name, help)
    {
        _bounds = bounds;
        _series = new SeriesTable<HistogramCell>(() => new HistogramCell(bounds.Length));
    }

    public override void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        // The first bucket whose upper bound is >= value ("le"); past the last bound only +Inf counts it.
        var index = Array.BinarySearch(_bounds, value);
        if (index < 0)
        {
            index = ~index;
        }

        lock (Gate)
        {
            var cell = _series.Get(tags);
            if (index < _bounds.Length)
            {
                cell.Buckets[index]++;
            }

            cell.Sum += value;
            cell.Count++;
        }
    }

    public override void Write(TextExpositionWriter writer)
    {
        List<(TagSet Tags, long[] Cumulative, double Sum, long Count)> series;
        lock (Gate)
        {
            series = _series.Snapshot().Select(s =>
            {
                var cumulative = new long[_bounds.Length];
                long running = 0;
                for (var i = 0; i < cumulative.Length; i++)
                {
                    running += s.Cell.Buckets[i];
                    cumulative[i] = running;
                }

                return (s.Tags, cumulative, s.Cell.Sum, s.Cell.Count);
            }).ToList();
        }

        writer.Family(Name, Help, MetricType.Histogram);
        foreach (var (tags, cumulative, sum, count) in series)
        {
            writer.Histogram(tags.Tags, _bounds, cumulative, sum, count);
        }
    }

    private sealed class HistogramCell(int buckets)
    {
        public long[] Buckets { get; } = new long[buckets];

        public double Sum { get; set; }

        public long Count { get; set; }
    }
}
