namespace Loop.Actors.RAxis;

/// <summary>R-Axis levels as operators read them in every sink (events, CSV, /status, alerts).</summary>
public static class RAxisLevelNames
{
    /// <summary>Returns OK, WARN or BLOCK.</summary>
    /// <param name="level">The level.</param>
    /// <returns>Its name.</returns>
    public static string Of(RAxisLevel level) => level switch
    {
        RAxisLevel.Warn => "WARN",
        RAxisLevel.Block => "BLOCK",
        _ => "OK",
    };

    /// <summary>Reads a name <see cref="Of"/> wrote back (journals, files); anything else is null.</summary>
    /// <param name="name">OK, WARN or BLOCK.</param>
    /// <returns>The level, or null.</returns>
    public static RAxisLevel? Parse(string? name) => name switch
    {
        "OK" => RAxisLevel.Ok,
        "WARN" => RAxisLevel.Warn,
        "BLOCK" => RAxisLevel.Block,
        _ => null,
    };
}
