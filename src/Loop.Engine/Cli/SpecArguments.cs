using Loop.Engine.Spec;

namespace Loop.Engine.Cli;

/// <summary>Loads the spec a command names (or the default), printing every problem when it is invalid.</summary>
internal static class SpecArguments
{
    public static LoopSpec LoadOrThrow(FileInfo? file, SpecOverrides overrides, TextWriter error)
    {
        // The file is named as the user typed it, so problems point at the path they know.
        var result = file is null ? SpecLoader.LoadDefault(overrides) : SpecLoader.LoadFile(file.ToString(), overrides);
        if (result.IsValid)
        {
            return result.Spec!;
        }

        foreach (var problem in result.Problems.Skip(1))
        {
            error.WriteLine("loop: " + problem);
        }

        // The last line is the one a user reads first: it says what to do.
        throw new LoopCliException(result.Problems[0] + (result.Problems.Count > 1 ? $" (and {result.Problems.Count - 1} more above); fix the spec and run again." : "; fix the spec and run again."));
    }
}
