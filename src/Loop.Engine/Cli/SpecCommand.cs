using System.CommandLine;
using Loop.Engine.Spec;

namespace Loop.Engine.Cli;

/// <summary><c>loop spec check FILE</c>: prints OK, or every problem with its line and field; exit 0 or 1.</summary>
internal static class SpecCommand
{
    private static readonly Argument<FileInfo> File = new("FILE") { Description = "The spec file to check." };

    public static Command Create()
    {
        var check = new Command("check", "Check a spec file: prints OK or every problem (file:line: field: problem).");
        check.Arguments.Add(File);
        check.SetAction(parse =>
        {
            var file = parse.GetValue(File)!;
            var result = SpecLoader.LoadFile(file.ToString());
            var output = parse.InvocationConfiguration.Output;
            if (result.IsValid)
            {
                output.WriteLine($"OK: {file} ({result.Spec!.Adapters.Count} adapters, tick {result.Spec.Loop.TickMs} ms)");
                return (int)ExitCode.Ok;
            }

            foreach (var problem in result.Problems)
            {
                output.WriteLine(problem.ToString());
            }

            parse.InvocationConfiguration.Error.WriteLine($"loop: {file} has {result.Problems.Count} problem{(result.Problems.Count == 1 ? string.Empty : "s")}.");
            return (int)ExitCode.Failed;
        });

        var spec = new Command("spec", "Work with spec files.");
        spec.Subcommands.Add(check);
        return spec;
    }
}
