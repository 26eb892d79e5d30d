using System.CommandLine;
using System.Text.Json;

namespace Loop.Engine.Cli;

/// <summary><c>loop status</c>: the running engine's /status, printed readably.</summary>
internal static class StatusCommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static Command Create()
    {
        var command = new Command("status", "Print a running engine's state: the loop, each adapter's state and success rate.");
        EngineAddress.AddTo(command);
        command.SetAction(async (parse, token) =>
        {
            using var client = EngineAddress.Client(parse);
            var (status, body) = await client.GetStatusAsync(token).ConfigureAwait(false);
            if (status != 200)
            {
                throw new LoopCliException($"the engine answered HTTP {status}: {body.Trim()}", ExitCode.Failed);
            }

            using var document = JsonDocument.Parse(body);
            await parse.InvocationConfiguration.Output.WriteLineAsync(JsonSerializer.Serialize(document.RootElement, Indented)).ConfigureAwait(false);
            return (int)ExitCode.Ok;
        });
        return command;
    }
}
