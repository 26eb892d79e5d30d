namespace Loop.Actors.RAxis;

/// <summary>
/// Calls and successes over a sliding window of time (not calls, so a changed tick keeps the meaning):
/// 30 buckets of window / 30, each cleared when time moves past it; O(1) per call.
/// </summary>
internal sealed class TimeWindowRate(TimeSpan window)
{
    private const int Buckets = 30;
    private readonly long _bucketTicks = Math.Max(1, window.Ticks / Buckets);
    private readonly int[] _calls = new int[Buckets];
    private readonly int[] _ok = new int[Buckets];
    private long _last = -1;

    public int Calls { get; private set; }

    public int Ok { get; private set; }

    /// <summary>Gets the share of ok calls, or NaN with no calls.</summary>
    public double Rate => Calls == 0 ? double.NaN : (double)Ok / Calls;

    public void Record(TimeSpan now, bool ok)
    {
        var bucket = Advance(now);
        _calls[bucket]++;
        Calls++;
        if (ok)
        {
            _ok[bucket]++;
            Ok++;
        }
    }

    public void Clear()
    {
        Array.Clear(_calls);
        Array.Clear(_ok);
        Calls = 0;
        Ok = 0;
    }

    private int Advance(TimeSpan now)
    {
        var epoch = now.Ticks / _bucketTicks;
        if (epoch > _last)
        {
            var stale = _last < 0 ? Buckets : (int)Math.Min(Buckets, epoch - _last);
            for (var i = 1; i <= stale; i++)
            {
                var index = (int)((_last + i) % Buckets);
                Calls -= _calls[index];
                Ok -= _ok[index];
                _calls[index] = 0;
                _ok[index] = 0;
            }

            _last = epoch;
        }

        return (int)(Math.Max(epoch, 0) % Buckets);
    }
}
