using Loop.Actors.Adapters;

namespace Loop.Actors.Loop;

/// <summary>
/// An adapter's results by outcome since the loop started: written on the loop's turn, read by a
/// scrape on another thread (64-bit reads and writes are atomic; Volatile orders them).
/// </summary>
internal sealed class OutcomeCounts
{
    private readonly long[] _counts = new long[Enum.GetValues<AdapterOutcome>().Length];

    public void Add(AdapterOutcome outcome) => Volatile.Write(ref _counts[(int)outcome], _counts[(int)outcome] + 1);

    public long Read(int outcome) => Volatile.Read(ref _counts[outcome]);

    public long this[AdapterOutcome outcome] => Read((int)outcome);
}
