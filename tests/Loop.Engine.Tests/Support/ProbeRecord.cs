namespace Loop.Engine.Tests.Support;

/// <summary>One request to <see cref="ProbeTargetServer"/>'s /probe: the adapter, the node that sent it, and when it came.</summary>
internal sealed record ProbeRecord(string Adapter, string Node, DateTimeOffset At)
{
    /// <summary>Gets the tick it belongs to on a 200 ms wall-clock grid (a cluster's ticks are due at multiples of the interval since the Unix epoch).</summary>
    public long Tick => (At - DateTimeOffset.UnixEpoch).Ticks / TimeSpan.FromMilliseconds(200).Ticks;
}
