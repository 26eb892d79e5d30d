namespace Loop.Engine.Spec;

/// <summary>The spec's <c>bus</c> block: the commands file (issue 5) and the events file.</summary>
internal sealed record BusSection(string Commands, string Events);
