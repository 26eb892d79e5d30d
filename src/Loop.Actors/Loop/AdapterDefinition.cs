using Loop.Actors.Adapters;

namespace Loop.Actors.Loop;

/// <summary>One adapter of the loop: its name, how to make it, its call timeout and restart policy.</summary>
/// <param name="Name">A unique name, valid as an actor name.</param>
/// <param name="Kind">synthetic, http, command or tcp (for status and logs).</param>
/// <param name="Factory">Makes a fresh adapter; called at start and on every restart.</param>
/// <param name="Timeout">The longest one call may take; it is also cut at the tick's deadline.</param>
/// <param name="Restart">The restart policy.</param>
public sealed record AdapterDefinition(string Name, string Kind, Func<IAdapter> Factory, TimeSpan Timeout, RestartPolicy Restart)
{
    /// <summary>Gets how often the adapter is called: every tick (zero, the default), or every k-th tick for a multiple of the tick.</summary>
    public TimeSpan Every { get; init; }

    /// <summary>Gets how often it is called while its R-Axis scope is not OK (zero: as <see cref="Every"/>).</summary>
    public TimeSpan EveryFailing { get; init; }

    /// <summary>Gets how long before its certificate expires a tls adapter's scope warns (the spec's warn_days).</summary>
    public TimeSpan CertificateWarnBefore { get; init; } = TimeSpan.FromDays(14);
}
