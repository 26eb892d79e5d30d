using System.Text.Json;
using Loop.Actors.Loop;
using Loop.Engine.Hosting;
using Loop.Engine.Spec;

namespace Loop.Engine.Bus;

/// <summary>
/// The bus's commands (DESIGN.md: Command bus) and their arguments: turns a parsed command into a
/// <see cref="BusAction"/>, or says what is wrong with it.
/// </summary>
internal static class CommandCatalog
{
    /// <summary>Every command, in the order help lists them.</summary>
    public static readonly string[] Names =
    [
        "pause", "resume", "stop", "status", "set_tick", "add_adapter", "remove_adapter", "restart_adapter",
        "enable_adapter", "disable_adapter", "reset_metrics", "ack_block", "inject_fault",
    ];

    /// <summary>Whether <paramref name="cmd"/> only reads (status): an id does not make it apply once, and it changes nothing to journal.</summary>
    public static bool IsReadOnly(string? cmd) => cmd == "status";

    private static readonly string[] FaultModes = ["timeout", "error", "crash"];

    /// <summary>Validates <paramref name="command"/> against the running spec.</summary>
    public static (BusAction? Action, BusError? Error) Validate(ParsedCommand command, LoopSpec spec)
    {
        if (command.Error is { } error)
        {
            return (null, error);
        }

        var cmd = command.Cmd!;
        if (!Names.Contains(cmd, StringComparer.Ordinal))
        {
            return (null, new BusError(BusErrorCodes.UnknownCmd, $"unknown command \"{CommandParser.Shorten(cmd)}\"; known: {string.Join(", ", Names)}"));
        }

        try
        {
            return (Build(cmd, command.Args, spec), null);
        }
        catch (InvalidArgsException ex)
        {
            return (null, new BusError(BusErrorCodes.InvalidArgs, ex.Message));
        }
        catch (CommandRefusedException ex)
        {
            return (null, ex.Error);
        }
    }

    private static BusAction Build(string cmd, JsonElement args, LoopSpec spec)
    {
        if (cmd == "add_adapter")
        {
            return AddAdapter(args, spec);
        }

        var reader = new ArgsReader(cmd, args);
        BusAction action = cmd switch
        {
            "pause" => new(BusActionKind.Loop, new LoopSupervisor.Pause()),
            "resume" => new(BusActionKind.Loop, new LoopSupervisor.Resume()),
            "stop" => new(BusActionKind.Stop),
            "status" => new(BusActionKind.Status),
            "reset_metrics" => new(BusActionKind.Loop, new LoopSupervisor.ResetMetrics()),
            "set_tick" => new(BusActionKind.Loop, new LoopSupervisor.SetTick(TimeSpan.FromMilliseconds(reader.Int("tick_ms", 10, 3_600_000, null)))),
            "remove_adapter" => new(BusActionKind.Loop, new LoopSupervisor.RemoveAdapter(reader.RequireString("name"))),
            "restart_adapter" => new(BusActionKind.Loop, new LoopSupervisor.RestartAdapter(reader.RequireString("name"))),
            "enable_adapter" => new(BusActionKind.Loop, new LoopSupervisor.EnableAdapter(reader.RequireString("name"))),
            "disable_adapter" => new(BusActionKind.Loop, new LoopSupervisor.DisableAdapter(reader.RequireString("name"))),
            "ack_block" => new(BusActionKind.Loop, new LoopSupervisor.AckBlock(Scope(reader.RequireString("scope")))),
            "inject_fault" => new(BusActionKind.Loop, new LoopSupervisor.InjectFault(
                reader.RequireString("adapter"),
                Enum.Parse<FaultMode>(reader.OneOf("mode", FaultModes), ignoreCase: true),
                reader.Int("count", 1, 100_000, 1))),
            _ => throw new InvalidArgsException($"{cmd} is not implemented"),
        };
        reader.RejectUnknown();
        return action;
    }

    /// <summary>add_adapter's args are the adapter's spec (or <c>{"spec": {...}}</c>), validated like the spec file's.</summary>
    private static BusAction AddAdapter(JsonElement args, LoopSpec spec)
    {
        if (args.ValueKind == JsonValueKind.Object && args.TryGetProperty("spec", out var inner) && args.EnumerateObject().Count() == 1)
        {
            args = inner;
        }

        if (args.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidArgsException("add_adapter needs the adapter's spec as args, e.g. {\"name\":\"api\",\"kind\":\"http\",\"url\":\"http://127.0.0.1:8080/health\"}");
        }

        var (adapter, problems) = SpecLoader.ParseAdapter(args.GetRawText(), spec.Loop);
        if (adapter is null)
        {
            throw new InvalidArgsException("add_adapter: " + string.Join("; ", problems.Select(static p => $"{p.Path}: {p.Message}")));
        }

        return CommandAdapterPolicy.Refusal(adapter, spec.Bus) is { } forbidden
            ? throw new CommandRefusedException(new BusError(BusErrorCodes.Forbidden, "add_adapter: " + forbidden))
            : new BusAction(BusActionKind.Loop, new LoopSupervisor.AddAdapter(LoopOptionsFactory.Definition(adapter)) { Spec = args.GetRawText() });
    }

    private static string Scope(string scope) =>
        scope == "loop" || (scope.StartsWith("adapter:", StringComparison.Ordinal) && scope.Length > "adapter:".Length)
            ? scope
            : throw new InvalidArgsException($"ack_block: \"scope\" must be loop or adapter:<name>, not \"{CommandParser.Shorten(scope)}\"");
}
