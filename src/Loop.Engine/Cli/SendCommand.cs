using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Loop.Engine.Cli;

/// <summary>
/// <c>loop send CMD [--arg k=v ...] [--json '{...}'] [--id ID]</c> or <c>loop send --file cmds.jsonl</c>:
/// posts commands to a running engine's bus, prints one ack per command, exits 0 only if all are ok.
/// </summary>
internal static class SendCommand
{
    private static readonly Argument<string?> Cmd = new("cmd") { Description = "The command (pause, resume, stop, status, set_tick, add_adapter, ...).", Arity = ArgumentArity.ZeroOrOne };

    private static readonly Option<string[]> Args = new("--arg") { Description = "An argument as key=value (value read as JSON when it is, else as text); repeatable.", AllowMultipleArgumentsPerToken = false };

    private static readonly Option<string?> Json = new("--json") { Description = "The args as one JSON object, e.g. '{\"name\":\"api\",\"kind\":\"http\",\"url\":\"...\"}'." };

    private static readonly Option<string?> Id = new("--id") { Description = "The command's id: the engine applies an id once." };

    private static readonly Option<FileInfo?> File = new("--file") { Description = "Send every line of this JSONL file instead." };

    public static Command Create()
    {
        var command = new Command("send", "Send commands to a running engine and print their acks (exit 0 only if all are ok).");
        command.Arguments.Add(Cmd);
        command.Options.Add(Args);
        command.Options.Add(Json);
        command.Options.Add(Id);
        command.Options.Add(File);
        EngineAddress.AddTo(command);
        command.Subcommands.Add(RehearseCommand.Create());
        command.SetAction(async (parse, token) =>
        {
            var lines = Lines(parse);
            using var client = EngineAddress.Client(parse);
            var (status, body) = await client.PostBusAsync(lines, token).ConfigureAwait(false);
            if (status == 503)
            {
                throw new LoopCliException($"the engine is not ready for commands yet (HTTP 503: {EngineClient.Refusal(body)}); nothing was sent, retry in a second", ExitCode.Unreachable);
            }

            if (status != 200)
            {
                throw new LoopCliException($"the engine refused the commands (HTTP {status}): {EngineClient.Refusal(body)}", ExitCode.Failed);
            }

            var allOk = true;
            foreach (var ack in body.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                await parse.InvocationConfiguration.Output.WriteLineAsync(ack).ConfigureAwait(false);
                using var document = JsonDocument.Parse(ack);
                allOk &= document.RootElement.TryGetProperty("ok", out var ok) && ok.GetBoolean();
            }

            return (int)(allOk ? ExitCode.Ok : ExitCode.Failed);
        });
        return command;
    }

    private static string Lines(ParseResult parse)
    {
        var cmd = parse.GetValue(Cmd);
        if (parse.GetValue(File) is { } file)
        {
            if (cmd is not null)
            {
                throw new LoopCliException("give either a command or --file, not both");
            }

            try
            {
                return System.IO.File.ReadAllText(file.FullName);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new LoopCliException($"cannot read {file}: {ex.Message}");
            }
        }

        if (cmd is null)
        {
            throw new LoopCliException("name a command (e.g. loop send pause) or pass --file cmds.jsonl");
        }

        JsonObject args;
        try
        {
            args = parse.GetValue(Json) is { } json
                ? JsonNode.Parse(json) as JsonObject ?? throw new LoopCliException("--json must be a JSON object, e.g. '{\"tick_ms\":250}'")
                : [];
        }
        catch (JsonException ex)
        {
            throw new LoopCliException($"--json is not valid JSON: {ex.Message}");
        }

        foreach (var pair in parse.GetValue(Args) ?? [])
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new LoopCliException($"--arg takes key=value (got '{pair}')");
            }

            args[pair[..equals]] = Value(pair[(equals + 1)..]);
        }

        var line = new JsonObject();
        if (parse.GetValue(Id) is { } id)
        {
            line["id"] = id;
        }

        line["cmd"] = cmd;
        if (args.Count > 0)
        {
            line["args"] = args;
        }

        return line.ToJsonString() + "\n";
    }

    /// <summary>count=3 is a number, enabled=true a boolean, name=api text.</summary>
    private static JsonNode? Value(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return JsonValue.Create(text);
        }
    }
}
