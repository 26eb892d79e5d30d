using System.Buffers;
using System.Diagnostics.Metrics;
using System.IO.Pipelines;
using Loop.Exporter.Exposition;

namespace Loop.Exporter.Collection;

/// <summary>
/// Listens to one Meter with a <see cref="MeterListener"/> and keeps its measurements aggregated
/// for the Prometheus exposition: counters add up, gauges keep the last value, histograms count into
/// fixed buckets, observable instruments are read at each scrape. Instrument names are used as family
/// names and descriptions as HELP text. Several Meter instances may share the name (each component
/// of the engine owns one); an instrument published again under a known name takes over its family.
/// </summary>
public sealed class MeterCollector : IDisposable
{
    /// <summary>
    /// The default histogram buckets, in seconds: 0.04, 0.06 and 0.08 are edges so the 40/60/80 ms
    /// thresholds of the dashboard and alerts fall on bucket boundaries.
    /// </summary>
    public static readonly IReadOnlyList<double> DefaultBuckets = [0.001, 0.0025, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.15, 0.2, 0.5, 1, 2.5, 5];

    private readonly MeterListener _listener = new();
    private readonly Dictionary<string, InstrumentAggregator> _aggregators = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _scrape = new(1, 1);
    private readonly double[] _buckets;
    private long _collection;

    /// <summary>Starts listening to the meter named <paramref name="meterName"/>.</summary>
    /// <param name="meterName">The meter, e.g. Resonance.Loop.</param>
    /// <param name="buckets">Histogram upper bounds (ascending); <see cref="DefaultBuckets"/> when null.</param>
    public MeterCollector(string meterName, IReadOnlyList<double>? buckets = null)
    {
        _buckets = [.. buckets ?? DefaultBuckets];
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name != meterName || Create(instrument) is not { } aggregator)
            {
                return;
            }

            lock (_aggregators)
            {
                _aggregators[instrument.Name] = aggregator;
            }

            listener.EnableMeasurementEvents(instrument, aggregator);
        };
        _listener.MeasurementsCompleted = (instrument, state) =>
        {
            // An observable instrument whose meter is gone reports nothing more: drop its family rather
            // than serve its last values forever. Pushed values stay (a finished loop's totals are true).
            if (instrument.IsObservable && state is InstrumentAggregator aggregator)
            {
                lock (_aggregators)
                {
                    if (_aggregators.TryGetValue(instrument.Name, out var current) && ReferenceEquals(current, aggregator))
                    {
                        _aggregators.Remove(instrument.Name);
                    }
                }
            }
        };
        _listener.SetMeasurementEventCallback<long>(static (_, value, tags, state) => ((InstrumentAggregator)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<int>(static (_, value, tags, state) => ((InstrumentAggregator)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<double>(static (_, value, tags, state) => ((InstrumentAggregator)state!).Record(value, tags));
        _listener.Start();
    }

    /// <summary>Writes every family in the text format 0.0.4 as UTF-8, families in name order.</summary>
    /// <param name="output">Where the bytes go.</param>
    public void WriteTo(IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        _scrape.Wait();
        try
        {
            var writer = new TextExpositionWriter(output);
            foreach (var aggregator in Collect())
            {
                aggregator.Write(writer);
            }
        }
        finally
        {
            _scrape.Release();
        }
    }

    /// <summary>
    /// Writes every family to a pipe (an HTTP response), flushing after each family so no more than
    /// one family is buffered at a time.
    /// </summary>
    /// <param name="output">The pipe.</param>
    /// <param name="cancellationToken">Stops the write (the client went away).</param>
    /// <returns>A task that completes when everything was flushed.</returns>
    public async Task WriteToAsync(PipeWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        await _scrape.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var writer = new TextExpositionWriter(output);
            foreach (var aggregator in Collect())
            {
                aggregator.Write(writer);
                await output.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _scrape.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _listener.Dispose();
        _scrape.Dispose();
    }

    /// <summary>Reads the observable instruments (one scrape at a time) and returns the families in name order.</summary>
    private List<InstrumentAggregator> Collect()
    {
        List<InstrumentAggregator> aggregators;
        lock (_aggregators)
        {
            aggregators = [.. _aggregators.Values];
        }

        aggregators.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        var collection = ++_collection;
        foreach (var aggregator in aggregators)
        {
            aggregator.BeginCollection(collection);
        }

        _listener.RecordObservableInstruments();
        return aggregators;
    }

    private InstrumentAggregator? Create(Instrument instrument)
    {
        var help = string.IsNullOrWhiteSpace(instrument.Description) ? instrument.Name : instrument.Description;
        var type = instrument.GetType();
        var definition = type.IsGenericType ? type.GetGenericTypeDefinition() : type;
        return definition switch
        {
            _ when definition == typeof(Counter<>) => new ValueAggregator(instrument.Name, help, MetricType.Counter, ValueMode.Add),
            _ when definition == typeof(UpDownCounter<>) => new ValueAggregator(instrument.Name, help, MetricType.Gauge, ValueMode.Add),
            _ when definition == typeof(Gauge<>) => new ValueAggregator(instrument.Name, help, MetricType.Gauge, ValueMode.Set),
            _ when definition == typeof(ObservableCounter<>) => new ValueAggregator(instrument.Name, help, MetricType.Counter, ValueMode.Observed),
            _ when definition == typeof(ObservableGauge<>) || definition == typeof(ObservableUpDownCounter<>) => new ValueAggregator(instrument.Name, help, MetricType.Gauge, ValueMode.Observed),
            _ when definition == typeof(Histogram<>) => new HistogramAggregator(instrument.Name, help, _buckets),
            _ => null,
        };
    }
}
