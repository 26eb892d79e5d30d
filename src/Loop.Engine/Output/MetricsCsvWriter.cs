using System.Globalization;
using Loop.Actors.Loop;

namespace Loop.Engine.Output;

/// <summary>
/// Appends one row per completed tick to logs/metrics.csv and flushes it at once, so a crash loses at
/// most the row in flight. Runs on its own mailbox: a slow disk never holds up the loop.
/// </summary>
internal sealed class MetricsCsvWriter : ReceiveActor
{
    public const string Header = "ts,tick,due_ms,jitter_ms,loop_latency_ms,adapters,ok,timeout,error,rejected,skipped,success_rate,r_axis_loop";

    private readonly StreamWriter _writer;

    public MetricsCsvWriter(StreamWriter writer)
    {
        _writer = writer;
        Receive<TickCompleted>(Write);
        Receive<Flush>(_ =>
        {
            _writer.Flush();
            Sender.Tell(Flush.Instance, Self);
        });
    }

    public static string Row(TickCompleted tick) => string.Create(CultureInfo.InvariantCulture, $"{UtcTimestamp.Format(tick.Completed)},{tick.Tick},{tick.Due.ToUnixTimeMilliseconds()},{tick.JitterMs:0.000},{tick.LatencyMs:0.000},{tick.Adapters},{tick.Ok},{tick.Timeout},{tick.Error},{tick.Rejected},{tick.Skipped},{(tick.SuccessRate is { } rate ? rate.ToString("0.0000", CultureInfo.InvariantCulture) : string.Empty)},{Loop.Actors.RAxis.RAxisLevelNames.Of(tick.RAxisLoop)}");

    protected override void PostStop()
    {
        _writer.Flush();
        _writer.Dispose();
    }

    private void Write(TickCompleted tick)
    {
        _writer.WriteLine(Row(tick));
        _writer.Flush();
    }
}
