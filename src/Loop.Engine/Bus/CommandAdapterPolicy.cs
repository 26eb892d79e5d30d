using Loop.Engine.Spec;

namespace Loop.Engine.Bus;

/// <summary>
/// A command adapter runs a program as the engine's user, so one that does not come from the spec file
/// (add_adapter, or one the journal kept from an earlier run) runs only when the spec opts in
/// (<c>bus.allow_command_adapters</c>) and only for a program the spec lists (<c>bus.command_allowlist</c>).
/// </summary>
internal static class CommandAdapterPolicy
{
    /// <summary>Why <paramref name="adapter"/> may not be added at run time, or null when it may.</summary>
    public static string? Refusal(AdapterSpec adapter, BusSection bus)
    {
        if (adapter.Command is not { } command)
        {
            return null;
        }

        if (!bus.AllowCommandAdapters)
        {
            return "command adapters run programs and cannot be added at run time unless the spec sets bus.allow_command_adapters: true and lists the program in bus.command_allowlist";
        }

        return bus.CommandAllowlist.Contains(command.Program, StringComparer.Ordinal)
            ? null
            : $"\"{CommandParser.Shorten(command.Program)}\" is not in the spec's bus.command_allowlist ({(bus.CommandAllowlist.Count == 0 ? "empty" : string.Join(", ", bus.CommandAllowlist))})";
    }
}
