namespace Loop.Actors.Runtime;

/// <summary>Per-child restart accounting for maxNrOfRetries within a time window (Akka's semantics).</summary>
internal sealed class ChildRestartStats(LocalActorRef child)
{
    private int _retriesInWindow;
    private long _windowStart;

    public LocalActorRef Child { get; } = child;

    /// <summary>Gets or sets a value indicating whether a Terminate was sent; the name stays reserved until it is gone.</summary>
    public bool IsStopping { get; set; }

    /// <summary>
    /// Counts one more restart and says whether it is allowed: never when maxNrOfRetries is 0; at most
    /// maxNrOfRetries in total without a window; with a window, at most maxNrOfRetries (1 when
    /// unlimited) within any window that starts at the first restart after the previous window ran out.
    /// </summary>
    public bool RequestRestartPermission(int maxNrOfRetries, TimeSpan? withinTimeRange, long now, long frequency)
    {
        if (maxNrOfRetries == 0)
        {
            return false;
        }

        var windowDefined = withinTimeRange is { } w && w > TimeSpan.Zero && w != Timeout.InfiniteTimeSpan;
        if (!windowDefined)
        {
            if (maxNrOfRetries < 0)
            {
                return true;
            }

            _retriesInWindow++;
            return _retriesInWindow <= maxNrOfRetries;
        }

        var retries = maxNrOfRetries > 0 ? maxNrOfRetries : 1;
        var windowTicks = (long)(withinTimeRange!.Value.TotalSeconds * frequency);
        if (_windowStart == 0 && _retriesInWindow == 0)
        {
            _windowStart = now;
        }

        if (now - _windowStart <= windowTicks)
        {
            _retriesInWindow++;
            return _retriesInWindow <= retries;
        }

        _retriesInWindow = 1;
        _windowStart = now;
        return true;
    }
}
