namespace Loop.Load.Results;

/// <summary>A section a caller adds to the report (the engine verb's "what the load did to the loop"): a title and named values.</summary>
/// <param name="Title">The section's title.</param>
/// <param name="Rows">Name and value, in order.</param>
public sealed record ReportSection(string Title, IReadOnlyList<KeyValuePair<string, string>> Rows);
