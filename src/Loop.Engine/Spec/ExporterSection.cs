namespace Loop.Engine.Spec;

/// <summary>The spec's <c>exporter</c> block (the endpoint arrives with issue 4).</summary>
internal sealed record ExporterSection(string Host, int Port, string? Token);
