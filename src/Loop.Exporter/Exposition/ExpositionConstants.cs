namespace Loop.Exporter.Exposition;

/// <summary>The constants of the Prometheus text format 0.0.4, in one place (as prometheus-net's PrometheusConstants).</summary>
internal static class ExpositionConstants
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";
}
