using Prometheus;

namespace Loop.Actors.Telemetry;

/// <summary>
/// One adapter's series, made once when the adapter joins the loop and kept in its slot, so recording a
/// tick looks nothing up and allocates nothing: prometheus-net's labelled children, cached.
/// </summary>
/// <remarks>
/// A child written after <c>Remove()</c> is silently lost (and the label set, asked for again, starts
/// over at 0): <see cref="LoopMetrics.AdapterRemoved"/> takes them out of the slot before it removes them.
/// </remarks>
internal sealed class AdapterSeries
{
    public required string Adapter { get; init; }

    /// <summary>Gets resonance_adapter_results_total per <see cref="Adapters.AdapterOutcome"/>, by its value.</summary>
    public required Counter.Child[] Results { get; init; }

    /// <summary>Gets the results counted under a reason other than its outcome's first (made when that reason first comes).</summary>
    public Dictionary<(int Outcome, string Reason), Counter.Child> ResultsByReason { get; } = [];

    /// <summary>Gets resonance_adapter_state per <see cref="Loop.AdapterState"/> an adapter in the loop can be in, by its value.</summary>
    public required Gauge.Child[] States { get; init; }

    public required Histogram.Child Latency { get; init; }

    public required Counter.Child Restarts { get; init; }

    /// <summary>Gets resonance_r_axis_level{scope="adapter:NAME"}.</summary>
    public required Gauge.Child Level { get; init; }

    /// <summary>
    /// Gets or sets resonance_adapter_success_rate; made at the adapter's first call, so an adapter never
    /// called has no rate rather than a rate of 0 that an alert would take for a failing adapter.
    /// </summary>
    public Gauge.Child? SuccessRate { get; set; }

    /// <summary>Gets or sets the seconds left on its certificate (tls adapters: made at the first handshake).</summary>
    public Gauge.Child? CertificateExpiry { get; set; }

    /// <summary>Gets the tick each latency bucket's exemplar points at (0: none yet), the +Inf bucket last.</summary>
    public long[] ExemplarTicks { get; } = new long[LoopMetrics.Buckets.Count + 1];
}
