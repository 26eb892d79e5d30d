using System.Collections.Concurrent;
using System.Diagnostics;

namespace Loop.Load.Stats;

/// <summary>
/// What one scenario has recorded so far: the whole call (from its intended start to its end), each named
/// step, and a point per second for the charts.
/// </summary>
internal sealed class ScenarioStats(string name)
{
    private readonly ConcurrentDictionary<string, StepStats> _steps = new(StringComparer.Ordinal);
    private readonly List<TimelinePoint> _timeline = [];
    private long _started = Stopwatch.GetTimestamp();
    private long _lastSample = Stopwatch.GetTimestamp();

    public string Name { get; } = name;

    public StepStats Whole { get; } = new(name);

    public IEnumerable<StepStats> Steps => _steps.Values.OrderBy(static s => s.Name, StringComparer.Ordinal);

    public IReadOnlyList<TimelinePoint> Timeline => _timeline;

    /// <summary>Calls started and not yet ended (the in-flight count of the live view).</summary>
    public long InFlight;

    public StepStats Step(string stepName) => _steps.GetOrAdd(stepName, static n => new StepStats(n));

    /// <summary>The counted part starts now (after the warm-up).</summary>
    public void Start()
    {
        _started = Stopwatch.GetTimestamp();
        _lastSample = _started;
    }

    /// <summary>Moves every recorder's interval into the totals and appends a point to the timeline.</summary>
    public TimelinePoint SampleNow()
    {
        lock (_timeline)
        {
            var now = Stopwatch.GetTimestamp();
            var seconds = Math.Max(Stopwatch.GetElapsedTime(_lastSample, now).TotalSeconds, 1e-6);
            _lastSample = now;
            foreach (var step in _steps.Values)
            {
                step.Sample();
            }

            var (ok, fail) = Whole.Sample();
            var point = new TimelinePoint(
                Stopwatch.GetElapsedTime(_started, now).TotalSeconds,
                ok.TotalCount / seconds,
                fail.TotalCount / seconds,
                ok.TotalCount == 0 ? double.NaN : ok.GetValueAtPercentile(50) / 1000.0,
                ok.TotalCount == 0 ? double.NaN : ok.GetValueAtPercentile(99) / 1000.0,
                Interlocked.Read(ref InFlight));
            _timeline.Add(point);
            return point;
        }
    }

    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(_started);
}
