using System.CommandLine;
using System.Runtime.InteropServices;
using Loop.Engine.Hosting;
using Loop.Engine.Spec;

namespace Loop.Engine.Cli;

/// <summary><c>loop run</c>: runs the engine until its ticks are done, SIGINT, or SIGTERM.</summary>
internal static class RunCommand
{
    private static readonly Option<FileInfo?> SpecFile = new("--spec")
    {
        Description = $"The spec file (default {SpecLoader.DefaultPath}, or the copy built into loop).",
    };

    private static readonly Option<long?> Ticks = new("--ticks") { Description = "Ticks to run, overriding loop.ticks; 0 runs until stopped." };

    private static readonly Option<int?> TickMs = new("--tick-ms") { Description = "The tick period in ms, overriding loop.tick_ms." };

    private static readonly Option<int?> DeadlineMs = new("--deadline-ms") { Description = "How long a tick waits for adapters, in ms, overriding loop.deadline_ms (must be below the tick)." };

    private static readonly Option<int?> Port = new("--port") { Description = "The exporter port, overriding exporter.port." };

    private static readonly Option<DirectoryInfo?> Data = new("--data") { Description = "The folder for the SQLite journal, overriding storage.connection." };

    private static readonly Option<string?> Bus = new("--bus") { Description = "stdin: read bus commands from standard input too (the commands file and POST /bus always work)." };

    public static Command Create()
    {
        var command = new Command("run", "Run the engine until its ticks are done or it is stopped (Ctrl+C, SIGTERM).");
        command.Options.Add(SpecFile);
        command.Options.Add(Ticks);
        command.Options.Add(TickMs);
        command.Options.Add(DeadlineMs);
        command.Options.Add(Port);
        command.Options.Add(Data);
        command.Options.Add(Bus);
        command.SetAction(async (parse, token) =>
        {
            var overrides = new SpecOverrides(parse.GetValue(Ticks), parse.GetValue(TickMs), parse.GetValue(Port), parse.GetValue(Data)?.FullName) { DeadlineMs = parse.GetValue(DeadlineMs) };
            var spec = SpecArguments.LoadOrThrow(parse.GetValue(SpecFile), overrides, parse.InvocationConfiguration.Error);
            var bus = parse.GetValue(Bus);
            if (bus is not null and not "stdin")
            {
                throw new LoopCliException($"--bus takes stdin (got '{bus}'); the commands file and POST /bus are always on");
            }

            using var stop = CancellationTokenSource.CreateLinkedTokenSource(token);

            // SIGTERM (what systemd and `kill` send) stops the engine as cleanly as Ctrl+C does.
            // The handler runs on a thread of its own and may come after the run ended (System.CommandLine
            // cancels `token` on the same signal, so the engine can be gone already): then there is nothing to stop.
            void StopOnSignal(PosixSignalContext context)
            {
                context.Cancel = true;
                try
                {
                    stop.Cancel();
                }
                catch (ObjectDisposedException)
                {
                    // already stopped
                }
            }

            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, StopOnSignal);
            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, StopOnSignal);

            await using var host = await EngineHost.StartAsync(spec, busFromStdin: bus == "stdin").ConfigureAwait(false);
            await host.RunAsync(stop.Token).ConfigureAwait(false);
            return (int)ExitCode.Ok;
        });
        return command;
    }
}
