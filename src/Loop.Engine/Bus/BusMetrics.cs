using System.Diagnostics.Metrics;
using Loop.Actors.Telemetry;

namespace Loop.Engine.Bus;

/// <summary>resonance_bus_commands_total{cmd, result}: on the loop's meter name, so the same collector serves it.</summary>
internal sealed class BusMetrics : IDisposable
{
    private readonly Meter _meter = new(LoopMetrics.MeterName, "1.0");
    private readonly Counter<long> _commands;

    public BusMetrics()
    {
        _commands = _meter.CreateCounter<long>(
            "resonance_bus_commands_total", null, "Bus commands by command and result (ok, duplicate, or the error code).");
    }

    /// <summary>Counts one ack. Unknown command names are counted as "unknown" so labels stay few.</summary>
    public void Count(string? cmd, string result) => _commands.Add(
        1,
        new KeyValuePair<string, object?>("cmd", cmd is not null && CommandCatalog.Names.Contains(cmd, StringComparer.Ordinal) ? cmd : "unknown"),
        new KeyValuePair<string, object?>("result", result));

    public void Dispose() => _meter.Dispose();
}
