namespace Loop.Actors.Telemetry;

/// <summary>
/// One adapter's series, made once when the adapter joins the loop and kept in its slot, so recording a
/// tick looks nothing up: the adapter's label and its R-Axis scope label.
/// </summary>
internal sealed class AdapterSeries(string adapter)
{
    public KeyValuePair<string, object?> Adapter { get; } = new("adapter", adapter);

    public KeyValuePair<string, object?> Scope { get; } = new("scope", "adapter:" + adapter);
}
