namespace Loop.Engine.Spec;

/// <summary>The spec's <c>limits</c> block: caps that keep one bad client from exhausting the engine.</summary>
/// <param name="MaxAdapters">The most adapters the loop runs at once (the spec's and those added over the bus).</param>
internal sealed record LimitsSection(int MaxAdapters = 10_000);
