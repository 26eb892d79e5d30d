namespace Loop.Actors.Adapters;

/// <summary>The lower-case names outcomes have in files, metrics and the bus.</summary>
public static class AdapterOutcomeNames
{
    /// <summary>Returns the name of <paramref name="outcome"/>: ok, timeout, error, rejected or skipped.</summary>
    /// <param name="outcome">The outcome.</param>
    /// <returns>Its name.</returns>
    public static string Of(AdapterOutcome outcome) => outcome switch
    {
        AdapterOutcome.Ok => "ok",
        AdapterOutcome.Timeout => "timeout",
        AdapterOutcome.Error => "error",
        AdapterOutcome.Rejected => "rejected",
        _ => "skipped",
    };

    /// <summary>Returns whether <paramref name="outcome"/> is a transient failure (counts towards a restart).</summary>
    /// <param name="outcome">The outcome.</param>
    /// <returns><see langword="true"/> for timeout and error.</returns>
    public static bool IsTransientFailure(AdapterOutcome outcome) => outcome is AdapterOutcome.Timeout or AdapterOutcome.Error;
}
