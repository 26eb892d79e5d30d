namespace Loop.Engine.Spec;

/// <summary>Command-line values that replace the spec's (<c>loop run --ticks --tick-ms --port --data</c>).</summary>
internal sealed record SpecOverrides(long? Ticks = null, int? TickMs = null, int? Port = null, string? DataDirectory = null);
