namespace Loop.Actors.Adapters;

/// <summary>Settings of a <see cref="TlsAdapter"/>.</summary>
public sealed record TlsAdapterOptions
{
    /// <summary>Gets the host name or address to connect to.</summary>
    public required string Host { get; init; }

    /// <summary>Gets the port.</summary>
    public required int Port { get; init; }

    /// <summary>Gets the name sent in the handshake (SNI) and checked against the certificate; the host when null.</summary>
    public string? ServerName { get; init; }

    /// <summary>Gets a value indicating whether an untrusted chain or a name mismatch is accepted (the expiry is still read and judged).</summary>
    public bool InsecureSkipVerify { get; init; }
}
