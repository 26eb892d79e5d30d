using Loop.Actors.Adapters;

namespace Loop.Actors.Loop;

/// <summary>The tick in flight: who has answered, and the counts by outcome.</summary>
internal sealed class TickAggregate(long tick, long dueTimestamp, DateTimeOffset due, double jitterMs, int adapters)
{
    private readonly HashSet<string> _answered = new(StringComparer.Ordinal);
    private readonly int[] _counts = new int[5];

    public long Tick { get; } = tick;

    public long DueTimestamp { get; } = dueTimestamp;

    public DateTimeOffset Due { get; } = due;

    public double JitterMs { get; } = jitterMs;

    public int Adapters { get; } = adapters;

    public bool IsComplete => _answered.Count >= Adapters;

    /// <summary>Records one adapter's outcome; a second answer from the same adapter is ignored.</summary>
    public void Record(string adapter, AdapterOutcome outcome)
    {
        if (_answered.Add(adapter))
        {
            _counts[(int)outcome]++;
        }
    }

    /// <summary>Counts every adapter that has not answered as a timeout (the deadline passed).</summary>
    public void TimeOutMissing(IEnumerable<string> adapters)
    {
        foreach (var adapter in adapters)
        {
            Record(adapter, AdapterOutcome.Timeout);
        }
    }

    public TickCompleted Complete(DateTimeOffset completed, double latencyMs, bool overrun) => new(
        Tick,
        Due,
        completed,
        JitterMs,
        latencyMs,
        Adapters,
        _counts[(int)AdapterOutcome.Ok],
        _counts[(int)AdapterOutcome.Timeout],
        _counts[(int)AdapterOutcome.Error],
        _counts[(int)AdapterOutcome.Rejected],
        _counts[(int)AdapterOutcome.Skipped],
        overrun);
}
