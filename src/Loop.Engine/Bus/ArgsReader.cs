using System.Text.Json;

namespace Loop.Engine.Bus;

/// <summary>Reads a command's <c>args</c> object strictly: wrong types, out-of-range values and unknown keys are refused.</summary>
internal sealed class ArgsReader(string cmd, JsonElement args)
{
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    public string RequireString(string name)
    {
        _read.Add(name);
        if (!TryGet(name, out var value))
        {
            throw new InvalidArgsException($"{cmd} needs \"{name}\" (a string) in args");
        }

        return value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : throw new InvalidArgsException($"{cmd}: \"{name}\" must be a non-empty string, not {CommandParser.Describe(value)}");
    }

    public int Int(string name, int min, int max, int? fallback)
    {
        _read.Add(name);
        if (!TryGet(name, out var value))
        {
            return fallback ?? throw new InvalidArgsException($"{cmd} needs \"{name}\" (an integer from {min} to {max}) in args");
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) && number >= min && number <= max
            ? number
            : throw new InvalidArgsException($"{cmd}: \"{name}\" must be an integer from {min} to {max}, not {Show(value)}");
    }

    public string OneOf(string name, params string[] allowed)
    {
        var text = RequireString(name);
        return allowed.Contains(text, StringComparer.Ordinal)
            ? text
            : throw new InvalidArgsException($"{cmd}: \"{name}\" must be one of {string.Join(", ", allowed)}, not \"{CommandParser.Shorten(text)}\"");
    }

    /// <summary>Refuses keys nobody read (call after reading).</summary>
    public void RejectUnknown()
    {
        if (args.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        foreach (var property in args.EnumerateObject())
        {
            if (!_read.Contains(property.Name))
            {
                var known = _read.Count == 0 ? "it takes no args" : "it takes " + string.Join(", ", _read);
                throw new InvalidArgsException($"{cmd}: unknown arg \"{CommandParser.Shorten(property.Name)}\"; {known}");
            }
        }
    }

    private bool TryGet(string name, out JsonElement value)
    {
        value = default;
        return args.ValueKind == JsonValueKind.Object && args.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;
    }

    private static string Show(JsonElement value) =>
        value.ValueKind == JsonValueKind.Number ? CommandParser.Shorten(value.GetRawText()) : CommandParser.Describe(value);
}
