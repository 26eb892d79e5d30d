using Loop.Actors.Loop;

namespace Loop.Engine.Hosting;

/// <summary>
/// Remembers when the last tick completed, for /healthz: healthy while ticks keep coming (within three
/// tick periods, at least a second), unhealthy before the first tick and once the loop stalls or stops.
/// </summary>
internal sealed class HealthMonitor(TimeProvider time, TimeSpan tickInterval)
{
    private readonly TimeSpan _stalledAfter = tickInterval * 3 > TimeSpan.FromSeconds(1) ? tickInterval * 3 : TimeSpan.FromSeconds(1);
    private long _lastTick = -1;
    private volatile bool _finished;

    public bool Healthy
    {
        get
        {
            var last = Interlocked.Read(ref _lastTick);
            return !_finished && last >= 0 && time.GetElapsedTime(last) <= _stalledAfter;
        }
    }

    public void TickCompleted() => Interlocked.Exchange(ref _lastTick, time.GetTimestamp());

    public void Finished() => _finished = true;

    /// <summary>The actor that feeds the monitor from the event stream.</summary>
    internal sealed class Relay : ReceiveActor
    {
        public Relay(HealthMonitor monitor)
        {
            Receive<TickCompleted>(_ => monitor.TickCompleted());
            Receive<LoopFinished>(_ => monitor.Finished());
        }
    }
}
