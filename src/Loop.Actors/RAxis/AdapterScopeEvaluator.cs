using System.Globalization;

namespace Loop.Actors.RAxis;

/// <summary>
/// One adapter's scope: WARN at once on warn_consecutive_failures failures in a row or a success rate
/// below warn_success_rate over warn_window; BLOCK at once when parked or below block_success_rate over
/// block_window. Rates count only with enough calls in their window (<see cref="RAxisThresholds.MinCallsFor"/>:
/// at least 10, and enough that one failure alone cannot cross the bound). A level falls only on evidence of health: a BLOCK once the calls that still come (the
/// trial calls of a blocked adapter) have succeeded for clear_for, a WARN once a full window of calls
/// has been clear for clear_for; too little data holds the level, so a thin window cannot flap it.
/// Pure: the caller passes the time.
/// </summary>
public sealed class AdapterScopeEvaluator
{
    private readonly RAxisThresholds _thresholds;
    private readonly LevelMachine _machine;
    private readonly TimeWindowRate _warnWindow;
    private readonly TimeWindowRate _blockWindow;

    // The calls each rate needs before it is judged: fixed by the bounds, so worked out once, not per call.
    private readonly int _warnCalls;
    private readonly int _blockCalls;
    private int _consecutiveFailures;
    private bool _anyCall;
    private bool _parked;
    private long _parkedRestarts;
    private int _parkedLimit;
    private double _certificateDaysLeft = double.NaN;
    private double _certificateWarnDays;

    /// <summary>Initializes a new instance of the <see cref="AdapterScopeEvaluator"/> class.</summary>
    /// <param name="thresholds">The bounds.</param>
    public AdapterScopeEvaluator(RAxisThresholds thresholds)
    {
        _thresholds = thresholds;
        _machine = new LevelMachine(thresholds.ClearFor) { BlockNeedsAck = !thresholds.AutoClear };
        _warnWindow = new TimeWindowRate(thresholds.WarnWindow);
        _blockWindow = new TimeWindowRate(thresholds.BlockWindow);
        _warnCalls = thresholds.MinCallsFor(thresholds.WarnSuccessRate);
        _blockCalls = thresholds.MinCallsFor(thresholds.BlockSuccessRate);
    }

    /// <summary>Gets the scope's level.</summary>
    public RAxisLevel Level => _machine.Level;

    /// <summary>Takes one call's result (skips are not calls).</summary>
    public RAxisChange? Observe(bool ok, TimeSpan now)
    {
        _warnWindow.Record(now, ok);
        _blockWindow.Record(now, ok);
        _consecutiveFailures = ok ? 0 : _consecutiveFailures + 1;
        _anyCall = true;
        return Evaluate(now);
    }

    /// <summary>The adapter was parked (BLOCK at once) or brought back.</summary>
    /// <param name="parked">Whether it is parked now.</param>
    /// <param name="now">The evaluator's clock.</param>
    /// <param name="restarts">The restarts it had when it was parked (the signal's observed value).</param>
    /// <param name="maxRetries">Its restart budget (the signal's threshold).</param>
    public RAxisChange? SetParked(bool parked, TimeSpan now, long restarts = 0, int maxRetries = 0)
    {
        _parked = parked;
        if (parked)
        {
            _parkedRestarts = restarts;
            _parkedLimit = maxRetries;
        }

        return Evaluate(now);
    }

    /// <summary>
    /// A tls adapter's latest certificate: WARN while it has fewer than <paramref name="warnBefore"/> left (an
    /// expired one also fails its calls). Seen again with more time left (renewed), the condition clears.
    /// </summary>
    /// <param name="expires">When the certificate expires.</param>
    /// <param name="warnBefore">How long before expiry the scope warns.</param>
    /// <param name="utcNow">The wall clock (a certificate's dates are wall-clock dates).</param>
    /// <param name="now">The evaluator's clock.</param>
    public RAxisChange? ObserveCertificate(DateTimeOffset expires, TimeSpan warnBefore, DateTimeOffset utcNow, TimeSpan now)
    {
        _certificateDaysLeft = (expires - utcNow).TotalDays;
        _certificateWarnDays = warnBefore.TotalDays;
        return Evaluate(now);
    }

    /// <summary>Starts at the level (and parked state) an earlier run ended with; calls before the crash are not kept.</summary>
    public void Restore(RAxisLevel level, bool parked)
    {
        _machine.Restore(level);
        _parked = parked;
    }

    /// <summary>Gets the share of ok calls over warn_window (the adapter's success rate); NaN without calls.</summary>
    public double SuccessRate => _warnWindow.Rate;

    /// <summary>ack_block: lowers the level by hand; the windows start again.</summary>
    public void Acknowledge()
    {
        _machine.Acknowledge();
        ClearWindows();
    }

    /// <summary>Forgets every call so far (reset_metrics, ack_block); the level stays.</summary>
    public void ClearWindows()
    {
        _warnWindow.Clear();
        _blockWindow.Clear();
        _consecutiveFailures = 0;
        _anyCall = false;
    }

    private RAxisChange? Evaluate(TimeSpan now)
    {
        var warnRate = _warnWindow.Calls >= _warnCalls && _warnWindow.Rate < _thresholds.WarnSuccessRate;
        var consecutive = _consecutiveFailures >= _thresholds.WarnConsecutiveFailures;
        var blockRate = _blockWindow.Calls >= _blockCalls && _blockWindow.Rate < _thresholds.BlockSuccessRate;
        var expiring = _certificateDaysLeft < _certificateWarnDays;
        var warnNow = warnRate || consecutive || expiring;
        var blockNow = _parked || blockRate;
        var previous = _machine.Level;

        // What holds a level besides its condition: no evidence that it cleared. A BLOCK needs the
        // latest call to have succeeded (every failing trial call starts clear_for again); a WARN
        // needs at least MinCallsForRate (10) calls in its window for the rate to say it is clear.
        var blockHolds = blockNow || _consecutiveFailures > 0 || !_anyCall;
        var warnHolds = warnNow || _warnWindow.Calls < _thresholds.MinCallsForRate;
        var level = _machine.Evaluate(now, warnNow, blockNow, warnHolds, blockHolds);
        if (level is null)
        {
            return null;
        }

        if (level > previous)
        {
            return level == RAxisLevel.Block
                ? _parked
                    ? new RAxisChange(level.Value, previous, Text($"parked: out of restarts ({_parkedRestarts} of {_parkedLimit})"), _parkedRestarts, _parkedLimit)
                    : new RAxisChange(level.Value, previous, Text($"success rate below {_thresholds.BlockSuccessRate} over {_thresholds.BlockWindow.TotalSeconds:0} s"), _blockWindow.Rate, _thresholds.BlockSuccessRate)
                : expiring && !consecutive && !warnRate
                    ? new RAxisChange(level.Value, previous, Text($"certificate expires in {Math.Max(0, _certificateDaysLeft):0.#} days"), Math.Max(0, _certificateDaysLeft), _certificateWarnDays)
                : consecutive
                    ? new RAxisChange(level.Value, previous, Text($"{_consecutiveFailures} consecutive failures"), _consecutiveFailures, _thresholds.WarnConsecutiveFailures)
                    : new RAxisChange(level.Value, previous, Text($"success rate below {_thresholds.WarnSuccessRate} over {_thresholds.WarnWindow.TotalSeconds:0} s"), _warnWindow.Rate, _thresholds.WarnSuccessRate);
        }

        return new RAxisChange(level.Value, previous, Text($"clear for {_thresholds.ClearFor.TotalSeconds:0} s"), _warnWindow.Rate, previous == RAxisLevel.Block ? _thresholds.BlockSuccessRate : _thresholds.WarnSuccessRate);
    }

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
