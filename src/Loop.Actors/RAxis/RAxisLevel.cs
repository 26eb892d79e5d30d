namespace Loop.Actors.RAxis;

/// <summary>An R-Axis level: OK &lt; WARN &lt; BLOCK (the gauge's 0, 1, 2).</summary>
public enum RAxisLevel
{
    /// <summary>Within bounds.</summary>
    Ok = 0,

    /// <summary>Out of bounds: reported, behaviour unchanged.</summary>
    Warn = 1,

    /// <summary>Far out of bounds: the scope is blocked (an adapter like an open circuit breaker; the loop per on_block).</summary>
    Block = 2,
}
