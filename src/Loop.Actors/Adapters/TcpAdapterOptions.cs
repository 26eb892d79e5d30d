namespace Loop.Actors.Adapters;

/// <summary>Settings of a <see cref="TcpAdapter"/>: where to connect, and optionally what to send and what the answer must hold.</summary>
public sealed record TcpAdapterOptions
{
    /// <summary>Gets the host name or address to connect to.</summary>
    public required string Host { get; init; }

    /// <summary>Gets the port.</summary>
    public required int Port { get; init; }

    /// <summary>Gets the text sent once connected (UTF-8, as written: "PING\r\n"), or null to send nothing.</summary>
    public string? Send { get; init; }

    /// <summary>Gets the text the answer must contain, or null when connecting is enough.</summary>
    public string? Expect { get; init; }
}
