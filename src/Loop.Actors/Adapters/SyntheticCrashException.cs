namespace Loop.Actors.Adapters;

/// <summary>The crash a synthetic adapter simulates (crash_rate).</summary>
public sealed class SyntheticCrashException : Exception
{
    /// <summary>Initializes a new instance.</summary>
    /// <param name="message">The message.</param>
    public SyntheticCrashException(string message)
        : base(message)
    {
    }
}
