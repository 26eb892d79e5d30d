namespace Loop.Engine.Spec;

/// <summary>The spec's <c>alertmanager</c> block: where active R-Axis signals are sent (none when Url is null).</summary>
internal sealed record AlertmanagerSection(Uri? Url);
