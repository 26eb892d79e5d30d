using Loop.Actors.Adapters;

namespace Loop.Actors.Loop;

/// <summary>The tick in flight: which slots have answered, and the counts by outcome.</summary>
internal sealed class TickAggregate(long tick, long dueTimestamp, DateTimeOffset due, double jitterMs, int adapters)
{
    private readonly bool[] _answered = new bool[adapters];
    private readonly int[] _counts = new int[5];
    private int _answers;
    private int _notDue;

    public long Tick { get; } = tick;

    public long DueTimestamp { get; } = dueTimestamp;

    public DateTimeOffset Due { get; } = due;

    public double JitterMs { get; } = jitterMs;

    /// <summary>Gets a value indicating whether the loop was paused for this tick (every adapter skipped): its latency is no evidence for R-Axis.</summary>
    public bool Paused { get; init; }

    /// <summary>Gets the adapters this tick waits for (slots of removed adapters excluded).</summary>
    public int Adapters { get; private set; } = adapters;

    /// <summary>Gets or sets the one AdapterTick every adapter of this tick is sent.</summary>
    public AdapterActor.AdapterTick? Message { get; set; }

    /// <summary>Gets or sets how many adapters were due this tick (their interval came round; called, skipped or trialled).</summary>
    public int DueCount { get; set; }

    /// <summary>Gets or sets how many adapters were sent a call this tick.</summary>
    public int RanCount { get; set; }

    public bool IsComplete => _answers + _notDue >= Adapters;

    /// <summary>Records one slot's outcome; a second answer from the same slot is ignored (returns false).</summary>
    public bool Record(int slot, AdapterOutcome outcome)
    {
        if ((uint)slot >= (uint)_answered.Length || _answered[slot])
        {
            return false;
        }

        _answered[slot] = true;
        _answers++;
        _counts[(int)outcome]++;
        return true;
    }

    /// <summary>Leaves a removed adapter's slot out of this tick: not waited for, not counted.</summary>
    public void Exclude(int slot)
    {
        if ((uint)slot < (uint)_answered.Length && !_answered[slot])
        {
            _answered[slot] = true;
            Adapters--;
        }
    }

    /// <summary>Leaves out an adapter whose interval has not come round: still one of the tick's adapters, not waited for, not counted.</summary>
    public void NotDue(int slot)
    {
        if ((uint)slot < (uint)_answered.Length && !_answered[slot])
        {
            _answered[slot] = true;
            _notDue++;
        }
    }

    /// <summary>Returns the slots that have not answered yet.</summary>
    public List<int> Unanswered()
    {
        var missing = new List<int>();
        for (var slot = 0; slot < _answered.Length; slot++)
        {
            if (!_answered[slot])
            {
                missing.Add(slot);
            }
        }

        return missing;
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
        overrun)
    {
        AdaptersDue = DueCount,
        AdaptersRan = RanCount,
    };
}
