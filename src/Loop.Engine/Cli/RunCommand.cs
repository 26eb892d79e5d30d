using System.CommandLine;
using System.Runtime.InteropServices;
using Loop.Engine.Hosting;

namespace Loop.Engine.Cli;

/// <summary><c>loop run</c>: starts the engine and runs it until SIGINT or SIGTERM.</summary>
internal static class RunCommand
{
    private static readonly Option<DirectoryInfo> LogDirectory = new("--log-dir")
    {
        Description = "Folder for engine.log (Serilog JSON, one event per line).",
        DefaultValueFactory = _ => new DirectoryInfo("logs"),
    };

    public static Command Create()
    {
        var command = new Command("run", "Run the engine until stopped (Ctrl+C or SIGTERM).");
        command.Options.Add(LogDirectory);
        command.SetAction(async (parse, token) =>
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(token);

            // SIGTERM (what systemd and `kill` send) stops the engine as cleanly as Ctrl+C does.
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
            {
                context.Cancel = true;
                stop.Cancel();
            });
            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
            {
                context.Cancel = true;
                stop.Cancel();
            });

            var logDirectory = parse.GetValue(LogDirectory)!;
            await using var host = EngineHost.Start(logDirectory.FullName);
            await host.RunUntilStoppedAsync(stop.Token).ConfigureAwait(false);
            return (int)ExitCode.Ok;
        });
        return command;
    }
}
