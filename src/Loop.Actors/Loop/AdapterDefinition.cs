using Loop.Actors.Adapters;

namespace Loop.Actors.Loop;

/// <summary>One adapter of the loop: its name, how to make it, its call timeout and restart policy.</summary>
/// <param name="Name">A unique name, valid as an actor name.</param>
/// <param name="Kind">synthetic, http or command (for status and logs).</param>
/// <param name="Factory">Makes a fresh adapter; called at start and on every restart.</param>
/// <param name="Timeout">The longest one call may take; it is also cut at the tick's deadline.</param>
/// <param name="Restart">The restart policy.</param>
public sealed record AdapterDefinition(string Name, string Kind, Func<IAdapter> Factory, TimeSpan Timeout, RestartPolicy Restart);
