using System.Buffers;
using Loop.Exporter.Exposition;

namespace Loop.Exporter.Collection;

/// <summary>A counter or a gauge per series; <see cref="ValueMode"/> says how measurements combine.</summary>
internal sealed class ValueAggregator(string name, string help, MetricType type, ValueMode mode) : InstrumentAggregator(name, help)
{
    private readonly SeriesTable<ValueCell> _series = new(static () => new ValueCell());
    private long _collection;

    public override void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        lock (Gate)
        {
            var cell = _series.Get(tags);
            cell.Value = mode == ValueMode.Add ? cell.Value + value : value;
            cell.Collection = _collection;
        }
    }

    public override void BeginCollection(long collection)
    {
        lock (Gate)
        {
            _collection = collection;
        }
    }

    public override void Write(TextExpositionWriter writer)
    {
        // Copy under the lock into pooled arrays, render outside it: a scrape must not hold up recording.
        int count;
        byte[][] labels;
        double[] values;
        lock (Gate)
        {
            if (mode == ValueMode.Observed)
            {
                var current = _collection;
                _series.RemoveWhere(cell => cell.Collection != current);
            }

            var ordered = _series.Ordered;
            count = ordered.Count;
            labels = ArrayPool<byte[]>.Shared.Rent(Math.Max(1, count));
            values = ArrayPool<double>.Shared.Rent(Math.Max(1, count));
            for (var i = 0; i < count; i++)
            {
                labels[i] = ordered[i].Labels.Utf8;
                values[i] = ordered[i].Cell.Value;
            }
        }

        try
        {
            writer.Family(Name, Help, type);
            for (var i = 0; i < count; i++)
            {
                writer.SampleRendered(labels[i], values[i]);
            }
        }
        finally
        {
            ArrayPool<byte[]>.Shared.Return(labels, clearArray: true);
            ArrayPool<double>.Shared.Return(values);
        }
    }

    private sealed class ValueCell
    {
        public double Value { get; set; }

        /// <summary>Gets or sets the scrape that last reported this series (observable instruments only).</summary>
        public long Collection { get; set; }
    }
}
