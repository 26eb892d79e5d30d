using System.Net;

namespace Loop.Actors.Adapters;

/// <summary>Settings of a <see cref="DnsAdapter"/>: the name, the record type, the server (or the system's resolver), the expected answers.</summary>
public sealed record DnsAdapterOptions
{
    /// <summary>Gets the name to resolve.</summary>
    public required string Name { get; init; }

    /// <summary>Gets the record type: A, AAAA or CNAME.</summary>
    public string Record { get; init; } = "A";

    /// <summary>Gets the DNS server to ask over UDP, or null for the system's resolver (A and AAAA only).</summary>
    public IPEndPoint? Server { get; init; }

    /// <summary>Gets answers that must all be among those returned (addresses, or a CNAME's target); empty: any answer.</summary>
    public IReadOnlyList<string> Expect { get; init; } = [];
}
