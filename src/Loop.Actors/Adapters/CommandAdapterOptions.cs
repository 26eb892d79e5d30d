namespace Loop.Actors.Adapters;

/// <summary>Settings of a <see cref="CommandAdapter"/>.</summary>
public sealed record CommandAdapterOptions
{
    /// <summary>Gets the program to run (a path, or a name looked up on PATH).</summary>
    public required string Program { get; init; }

    /// <summary>Gets its arguments, passed as they are (no shell).</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];
}
