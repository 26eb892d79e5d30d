namespace Loop.Engine.Spec;

/// <summary>The spec's <c>storage</c> block (the journal arrives with issue 7).</summary>
internal sealed record StorageSection(string Provider, string Connection);
