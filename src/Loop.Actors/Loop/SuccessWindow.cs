namespace Loop.Actors.Loop;

/// <summary>
/// An adapter's success rate over a sliding window measured in time (not ticks, so a changed tick
/// keeps its meaning): 30 buckets of window / 30 each, a bucket's counts cleared when time moves past
/// it. Running totals are kept, so a result costs O(1) on the loop's thread, not a sum of 30 buckets.
/// Written only during the LoopSupervisor's turn.
/// </summary>
internal sealed class SuccessWindow(long bucketTicks)
{
    private const int Buckets = 30;
    private readonly ushort[] _ok = new ushort[Buckets];
    private readonly ushort[] _called = new ushort[Buckets];
    private long _lastEpoch = -1;
    private long _okTotal;
    private long _calledTotal;

    public static SuccessWindow For(TimeSpan window, long timestampFrequency) =>
        new(Math.Max(1, (long)(window.TotalSeconds * timestampFrequency / Buckets)));

    /// <summary>Counts one call at <paramref name="timestamp"/> and returns the success rate over the window.</summary>
    public double Record(long timestamp, bool ok)
    {
        var epoch = timestamp / bucketTicks;
        if (epoch != _lastEpoch)
        {
            // Clear every bucket the clock moved past since the last call (all of them after a long gap).
            var stale = _lastEpoch < 0 ? Buckets : (int)Math.Min(Buckets, Math.Max(0, epoch - _lastEpoch));
            for (var i = 1; i <= stale; i++)
            {
                var index = (int)((_lastEpoch + i) % Buckets);
                _okTotal -= _ok[index];
                _calledTotal -= _called[index];
                _ok[index] = 0;
                _called[index] = 0;
            }

            _lastEpoch = Math.Max(epoch, _lastEpoch);
        }

        var bucket = (int)(epoch % Buckets);
        if (_called[bucket] < ushort.MaxValue)
        {
            _called[bucket]++;
            _calledTotal++;
            if (ok)
            {
                _ok[bucket]++;
                _okTotal++;
            }
        }

        return _calledTotal == 0 ? 1.0 : (double)_okTotal / _calledTotal;
    }
}
