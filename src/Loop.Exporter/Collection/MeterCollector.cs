using System.Diagnostics.Metrics;
using Loop.Exporter.Exposition;

namespace Loop.Exporter.Collection;

/// <summary>
/// Listens to one Meter with a <see cref="MeterListener"/> and keeps its measurements aggregated
/// for the Prometheus exposition: counters add up, gauges keep the last value, histograms count into
/// fixed buckets. Instrument names are used as family names and descriptions as HELP text.
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
    private readonly double[] _buckets;

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
        _listener.SetMeasurementEventCallback<long>(static (_, value, tags, state) => ((InstrumentAggregator)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<int>(static (_, value, tags, state) => ((InstrumentAggregator)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<double>(static (_, value, tags, state) => ((InstrumentAggregator)state!).Record(value, tags));
        _listener.Start();
    }

    /// <summary>Writes every family in the text format 0.0.4, families in name order.</summary>
    /// <param name="output">The writer; use <c>\n</c>-agnostic writers, the format writes its own line ends.</param>
    public void WriteTo(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        List<InstrumentAggregator> aggregators;
        lock (_aggregators)
        {
            aggregators = [.. _aggregators.Values.OrderBy(static a => a.Name, StringComparer.Ordinal)];
        }

        var writer = new TextExpositionWriter(output);
        foreach (var aggregator in aggregators)
        {
            aggregator.Write(writer);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _listener.Dispose();

    private InstrumentAggregator? Create(Instrument instrument)
    {
        var help = string.IsNullOrWhiteSpace(instrument.Description) ? instrument.Name : instrument.Description;
        var definition = instrument.GetType().IsGenericType ? instrument.GetType().GetGenericTypeDefinition() : instrument.GetType();
        if (definition == typeof(Counter<>))
        {
            return new ValueAggregator(instrument.Name, help, MetricType.Counter);
        }

        if (definition == typeof(Gauge<>))
        {
            return new ValueAggregator(instrument.Name, help, MetricType.Gauge);
        }

        return definition == typeof(Histogram<>) ? new HistogramAggregator(instrument.Name, help, _buckets) : null;
    }
}
