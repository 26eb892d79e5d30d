using System.CommandLine;

namespace Loop.Engine.Cli;

/// <summary>
/// The command line of <c>loop</c>. Parse errors and user errors end in one line on stderr naming
/// what was wrong and what to do, and a non-zero exit code; never a stack trace.
/// </summary>
internal static class LoopCli
{
    /// <summary>
    /// How long a command may take to stop after SIGTERM or Ctrl+C before System.CommandLine ends the process. Its own
    /// default, 2 s, cut clean stops off with exit 143: a tick in flight (bounded by its deadline), a node leaving its
    /// cluster, the journal's last writes. Each of those steps has its own bound; this is the last resort, as long as
    /// systemd's default stop timeout.
    /// </summary>
    private static readonly TimeSpan StopAllowance = TimeSpan.FromSeconds(90);

    public static async Task<int> RunAsync(string[] args, TextWriter? output = null, TextWriter? error = null)
    {
        output ??= Console.Out;
        error ??= Console.Error;
        var root = new RootCommand("Loop: a resident engine that runs a fixed-rate tick loop across supervised adapters.");
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(SpecCommand.Create());
        root.Subcommands.Add(VerifyCommand.Create());
        root.Subcommands.Add(SendCommand.Create());
        root.Subcommands.Add(StatusCommand.Create());
        root.Subcommands.Add(JournalCommand.Create());
        root.Subcommands.Add(LoadCommand.Create());

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            // One line: the first problem is the one to fix first.
            await error.WriteLineAsync($"loop: {parse.Errors[0].Message} Run 'loop --help' for usage.").ConfigureAwait(false);

            return (int)ExitCode.UsageError;
        }

        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = StopAllowance }).ConfigureAwait(false);
        }
        catch (LoopCliException ex)
        {
            await error.WriteLineAsync("loop: " + ex.Message).ConfigureAwait(false);
            return (int)ex.ExitCode;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A bug, not a user error: keep the stack trace so it can be reported.
            await error.WriteLineAsync($"loop: internal error (please report it): {ex}").ConfigureAwait(false);
            return (int)ExitCode.InternalError;
        }
    }
}
