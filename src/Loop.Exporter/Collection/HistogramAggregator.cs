using System.Buffers;
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
        Series<HistogramCell>[] series;
        long[] counts;
        double[] sums;
        long[] totals;
        lock (Gate)
        {
            var ordered = _series.Ordered;
            seriesCount = ordered.Count;
            series = ArrayPool<Series<HistogramCell>>.Shared.Rent(Math.Max(1, seriesCount));
            counts = ArrayPool<long>.Shared.Rent(Math.Max(1, seriesCount * _bounds.Length));
            sums = ArrayPool<double>.Shared.Rent(Math.Max(1, seriesCount));
            totals = ArrayPool<long>.Shared.Rent(Math.Max(1, seriesCount));
            for (var s = 0; s < seriesCount; s++)
            {
                var cell = ordered[s].Cell;
                series[s] = ordered[s];
                cell.Buckets.CopyTo(counts, s * _bounds.Length);
                sums[s] = cell.Sum;
                totals[s] = cell.Count;
            }
        }

        try
        {
            writer.Family(Name, Help, MetricType.Histogram);
            for (var s = 0; s < seriesCount; s++)
            {
                var labels = series[s].Labels;

                // Scrapes never overlap, so the prefix cache is touched by one scrape at a time.
                var prefix = series[s].Cell.BucketPrefix ??= writer.BucketPrefix(labels.Utf8);
                writer.HistogramRendered(labels.Utf8, prefix, _bounds, counts.AsSpan(s * _bounds.Length, _bounds.Length), sums[s], totals[s]);
            }
        }
        finally
        {
            ArrayPool<Series<HistogramCell>>.Shared.Return(series, clearArray: true);
            ArrayPool<long>.Shared.Return(counts);
            ArrayPool<double>.Shared.Return(sums);
            ArrayPool<long>.Shared.Return(totals);
        }
    }

    private sealed class HistogramCell(int buckets)
    {
        public long[] Buckets { get; } = new long[buckets];

        public double Sum { get; set; }

        public long Count { get; set; }

        /// <summary>Gets or sets <c>family_bucket{labels,le="</c> as UTF-8, encoded at the first scrape.</summary>
        public byte[]? BucketPrefix { get; set; }
    }
}
