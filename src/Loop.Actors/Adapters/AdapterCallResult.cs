namespace Loop.Actors.Adapters;

/// <summary>What one call returned.</summary>
/// <param name="Outcome">The outcome.</param>
/// <param name="Detail">A short reason for anything but ok (status code, exit code, error), or null.</param>
public readonly record struct AdapterCallResult(AdapterOutcome Outcome, string? Detail = null)
{
    /// <summary>Gets the result of a successful call.</summary>
    public static AdapterCallResult Ok { get; } = new(AdapterOutcome.Ok);

    /// <summary>Gets when the certificate the call saw expires (tls adapters), or null.</summary>
    public DateTimeOffset? CertificateExpires { get; init; }
}
