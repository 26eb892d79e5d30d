namespace Loop.Engine.Spec;

/// <summary>One thing wrong with a spec: where (file, line, field path) and what.</summary>
/// <param name="File">The spec file as the user named it.</param>
/// <param name="Line">The 1-based line, or 0 when the problem comes from the command line.</param>
/// <param name="Path">The field path, e.g. <c>adapters[2].timeout_ms</c>.</param>
/// <param name="Message">What is wrong and what is expected, with the value found.</param>
internal sealed record SpecProblem(string File, int Line, string Path, string Message)
{
    public override string ToString() => Line > 0 ? $"{File}:{Line}: {Path}: {Message}" : $"{Path}: {Message}";
}
