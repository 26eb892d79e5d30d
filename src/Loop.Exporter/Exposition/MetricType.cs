namespace Loop.Exporter.Exposition;

/// <summary>The metric types Loop exposes, with their names in the exposition's TYPE line.</summary>
internal enum MetricType
{
    Counter,
    Gauge,
    Histogram,
}
