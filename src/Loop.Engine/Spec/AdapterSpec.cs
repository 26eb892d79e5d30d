using Loop.Actors.Adapters;
using Loop.Actors.Loop;

namespace Loop.Engine.Spec;

/// <summary>One entry of the spec's <c>adapters</c> list; exactly one of the kind settings is set.</summary>
internal sealed record AdapterSpec(
    string Name,
    string Kind,
    int TimeoutMs,
    RestartPolicy Restart,
    SyntheticAdapterOptions? Synthetic,
    HttpAdapterOptions? Http,
    CommandAdapterOptions? Command)
{
    /// <summary>Gets the tls kind's settings (null for the other kinds).</summary>
    public TlsAdapterOptions? Tls { get; init; }

    /// <summary>Gets how long before its certificate expires a tls adapter warns (warn_days).</summary>
    public TimeSpan CertificateWarnBefore { get; init; } = TimeSpan.FromDays(14);

    /// <summary>Gets the dns kind's settings (null for the other kinds).</summary>
    public DnsAdapterOptions? Dns { get; init; }

    /// <summary>Gets the tcp kind's settings (null for the other kinds).</summary>
    public TcpAdapterOptions? Tcp { get; init; }

    /// <summary>Gets how often it is called (a whole number of ticks); zero: every tick.</summary>
    public TimeSpan Every { get; init; }

    /// <summary>Gets how often it is called while its R-Axis scope is not OK; the same as <see cref="Every"/> unless set.</summary>
    public TimeSpan EveryFailing { get; init; }
}
