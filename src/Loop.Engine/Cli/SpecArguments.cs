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

        throw Refusal(result.Problems, error, "the spec");
    }

    /// <summary>Prints all but the first problem, and returns the exception whose one line names the first and what to do.</summary>
    public static LoopCliException Refusal(IReadOnlyList<SpecProblem> problems, TextWriter error, string what)
    {
        foreach (var problem in problems.Skip(1))
        {
            error.WriteLine("loop: " + problem);
        }

        // The last line is the one a user reads first: it says what to do.
        return new LoopCliException(problems[0] + (problems.Count > 1 ? $" (and {problems.Count - 1} more above); fix {what} and run again." : $"; fix {what} and run again."));
    }
}
