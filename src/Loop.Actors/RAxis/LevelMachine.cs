namespace Loop.Actors.RAxis;

/// <summary>
/// The OK/WARN/BLOCK state of one scope with hysteresis: a level rises as soon as its rule says so,
/// and falls only after the condition of the level it is at has been clear for <c>clear_for</c>
/// without a break, so one burst gives one raise and one clear, never a flutter.
/// </summary>
internal sealed class LevelMachine(TimeSpan clearFor)
{
    private TimeSpan? _clearSince;

    public RAxisLevel Level { get; private set; } = RAxisLevel.Ok;

    /// <summary>Gets or sets a value indicating whether BLOCK stays until acknowledged (auto_clear: false).</summary>
    public bool BlockNeedsAck { get; init; }

    /// <param name="now">The evaluator's clock.</param>
    /// <param name="warnRises">WARN's rule is met (its condition held for its time).</param>
    /// <param name="blockRises">BLOCK's rule is met.</param>
    /// <param name="warnNow">WARN's condition holds at this instant.</param>
    /// <param name="blockNow">BLOCK's condition holds at this instant.</param>
    /// <returns>The new level when it changed, else null.</returns>
    public RAxisLevel? Evaluate(TimeSpan now, bool warnRises, bool blockRises, bool warnNow, bool blockNow)
    {
        var wanted = blockRises ? RAxisLevel.Block : warnRises ? RAxisLevel.Warn : RAxisLevel.Ok;
        if (wanted > Level)
        {
            Level = wanted;
            _clearSince = null;
            return Level;
        }

        var holding = Level switch
        {
            RAxisLevel.Block => blockNow || BlockNeedsAck,
            RAxisLevel.Warn => warnNow,
            _ => true,
        };
        if (holding)
        {
            _clearSince = null;
            return null;
        }

        _clearSince ??= now;
        if (now - _clearSince.Value < clearFor)
        {
            return null;
        }

        // Clear long enough: fall to what still holds right now (BLOCK may fall to WARN, not further).
        Level = warnNow && Level == RAxisLevel.Block ? RAxisLevel.Warn : RAxisLevel.Ok;
        _clearSince = Level == RAxisLevel.Ok ? null : now;
        return Level;
    }

    /// <summary>
    /// Starts at a level kept from an earlier run (crash recovery): it holds until its condition has
    /// been clear for <c>clear_for</c> in this run, as if it had just risen.
    /// </summary>
    public void Restore(RAxisLevel level)
    {
        Level = level;
        _clearSince = null;
    }

    /// <summary>An operator lowered the level by hand (ack_block).</summary>
    public void Acknowledge()
    {
        Level = RAxisLevel.Ok;
        _clearSince = null;
    }
}
