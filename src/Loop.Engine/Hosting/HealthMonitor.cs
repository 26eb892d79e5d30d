using System.Collections.Concurrent;
using Loop.Actors.Loop;

namespace Loop.Engine.Hosting;

/// <summary>
/// What /healthz says. Healthy while ticks keep coming (within three tick periods, at least a second);
/// unhealthy before the first tick and once the loop stalls or stops. Degraded (also 503, with the
/// reason) while a part the engine depends on is down: the journal (commands are refused) or an output
/// file (lines are dropped and counted).
/// </summary>
internal sealed class HealthMonitor(TimeProvider time, TimeSpan tickInterval)
{
    private readonly TimeSpan _stalledAfter = tickInterval * 3 > TimeSpan.FromSeconds(1) ? tickInterval * 3 : TimeSpan.FromSeconds(1);
    private readonly ConcurrentDictionary<string, string> _degraded = new(StringComparer.Ordinal);
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

    /// <summary>Gets why the engine is degraded (each part down, "; "-joined), or null when nothing is.</summary>
    public string? Degraded => _degraded.IsEmpty ? null : string.Join("; ", _degraded.OrderBy(static d => d.Key, StringComparer.Ordinal).Select(static d => $"{d.Key}: {d.Value}"));

    public void TickCompleted() => Interlocked.Exchange(ref _lastTick, time.GetTimestamp());

    public void Finished() => _finished = true;

    /// <summary>Marks <paramref name="part"/> down (<paramref name="problem"/> says why) or back up (null).</summary>
    public void SetDegraded(string part, string? problem)
    {
        if (problem is null)
        {
            _degraded.TryRemove(part, out _);
        }
        else
        {
            _degraded[part] = problem;
        }
    }

    /// <summary>The actor that feeds the monitor from the event stream.</summary>
    internal sealed class Relay : ReceiveActor
    {
        public Relay(HealthMonitor monitor, EngineMetrics metrics)
        {
            Receive<TickCompleted>(_ => monitor.TickCompleted());
            Receive<LoopFinished>(_ => monitor.Finished());
            Receive<Persistence.JournalWriter.JournalHealth>(h =>
            {
                monitor.SetDegraded("journal", h.Problem);
                metrics.JournalUp(h.Problem is null);
            });
            Receive<Output.OutputHealth>(h =>
            {
                monitor.SetDegraded("output " + h.File, h.Problem is null ? null : $"{h.Problem} (lines dropped until it can be written)");
                metrics.OutputDropped(h.File, h.Dropped);
            });
        }
    }
}
