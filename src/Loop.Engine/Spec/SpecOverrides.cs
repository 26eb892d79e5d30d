namespace Loop.Engine.Spec;

/// <summary>Command-line values that replace the spec's (<c>loop run --ticks --tick-ms --deadline-ms --port --data</c>).</summary>
internal sealed record SpecOverrides(long? Ticks = null, int? TickMs = null, int? Port = null, string? DataDirectory = null)
{
    /// <summary>Gets the tick's deadline in ms (<c>--deadline-ms</c>), overriding loop.deadline_ms.</summary>
    public int? DeadlineMs { get; init; }
}
