namespace Loop.Actors.Loop;

/// <summary>
/// Spreads adapters that share an interval over the ticks of their period, so 10,000 adapters at
/// <c>every: 10s</c> on a 200 ms tick put 200 calls on each tick instead of 10,000 on one. An adapter's phase
/// starts from a stable hash of its name (the same on every start and every node) and moves on to the
/// least-loaded tick of the period, so the spread is even, not merely random (±1 call per tick).
/// </summary>
internal sealed class PhaseTable
{
    private readonly Dictionary<int, int[]> _load = [];

    /// <summary>The tick (0..period-1) <paramref name="name"/> is due on, in a period of <paramref name="period"/> ticks.</summary>
    public int Assign(string name, int period)
    {
        if (period <= 1)
        {
            return 0;
        }

        if (!_load.TryGetValue(period, out var counts))
        {
            _load[period] = counts = new int[period];
        }

        var start = (int)(StableHash(name) % (uint)period);
        var best = start;
        for (var i = 1; i < period; i++)
        {
            var candidate = (start + i) % period;
            if (counts[candidate] < counts[best])
            {
                best = candidate;
            }
        }

        counts[best]++;
        return best;
    }

    /// <summary>Gives a phase back (the adapter was removed).</summary>
    public void Release(int period, int phase)
    {
        if (period > 1 && _load.TryGetValue(period, out var counts) && counts[phase] > 0)
        {
            counts[phase]--;
        }
    }

    /// <summary>FNV-1a over the name's UTF-16 code units: unlike string.GetHashCode, the same in every process.</summary>
    internal static uint StableHash(string name)
    {
        var hash = 2166136261u;
        foreach (var c in name)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash;
    }
}
