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
        // Copy the counts under the lock into one pooled block (no array per series), render outside it.
        int seriesCount;
        List<(TagSet Tags, HistogramCell Cell)> cells;
        long[] counts;
        double[] sums;
        long[] totals;
        lock (Gate)
        {
            cells = _series.Copy();
            seriesCount = cells.Count;
            counts = System.Buffers.ArrayPool<long>.Shared.Rent(Math.Max(1, seriesCount * _bounds.Length));
            sums = System.Buffers.ArrayPool<double>.Shared.Rent(Math.Max(1, seriesCount));
            totals = System.Buffers.ArrayPool<long>.Shared.Rent(Math.Max(1, seriesCount));
            for (var s = 0; s < seriesCount; s++)
            {
                var cell = cells[s].Cell;
                cell.Buckets.CopyTo(counts, s * _bounds.Length);
                sums[s] = cell.Sum;
                totals[s] = cell.Count;
            }
        }

        try
        {
            // Sorted outside the lock: a scrape must not hold up the loop's recording.
            var order = Enumerable.Range(0, seriesCount).ToArray();
            Array.Sort(order, (a, b) => string.CompareOrdinal(cells[a].Tags.SortKey, cells[b].Tags.SortKey));
            writer.Family(Name, Help, MetricType.Histogram);
            foreach (var s in order)
            {
                writer.HistogramRendered(cells[s].Tags.LabelText, _bounds, counts.AsSpan(s * _bounds.Length, _bounds.Length), sums[s], totals[s]);
            }
        }
        finally
        {
            System.Buffers.ArrayPool<long>.Shared.Return(counts);
            System.Buffers.ArrayPool<double>.Shared.Return(sums);
            System.Buffers.ArrayPool<long>.Shared.Return(totals);
        }
    }

    private sealed class HistogramCell(int buckets)
    {
        public long[] Buckets { get; } = new long[buckets];

        public double Sum { get; set; }

        public long Count { get; set; }
    }
}
