using System.Text.Unicode;
using System.Text.Json;

namespace Loop.Engine.Bus;

/// <summary>
/// Reads one bus line into a command: valid UTF-8, JSON, an object with a string <c>cmd</c>, an
/// optional string <c>id</c> and an optional object <c>args</c>, nothing else. Never throws.
/// </summary>
internal static class CommandParser
{
    // Deep nesting is refused by the reader itself, before it can cost anything.
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 64, CommentHandling = JsonCommentHandling.Disallow, AllowTrailingCommas = false };

    public static ParsedCommand Parse(RawLine line)
    {
        if (line.TooLarge)
        {
            return Fail(null, null, BusErrorCodes.TooLarge, $"line is over {LineSplitter.MaxLineBytes / 1024} KiB; it was skipped");
        }

        if (!Utf8.IsValid(line.Bytes))
        {
            return Fail(null, null, BusErrorCodes.InvalidUtf8, "line is not valid UTF-8");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line.Bytes, Options);
        }
        catch (JsonException ex)
        {
            return Fail(null, null, BusErrorCodes.ParseError, $"not JSON: {FirstSentence(ex.Message)}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Fail(null, null, BusErrorCodes.NotAnObject, $"a command is a JSON object like {{\"cmd\":\"pause\"}}, not {Describe(root)}");
            }

            string? id = null;
            string? cmd = null;
            var args = default(JsonElement);
            BusError? error = null;
            foreach (var property in root.EnumerateObject())
            {
                switch (property.Name)
                {
                    case "id" when property.Value.ValueKind == JsonValueKind.String:
                        id = property.Value.GetString();
                        break;
                    case "id":
                        error ??= new BusError(BusErrorCodes.InvalidArgs, $"\"id\" must be a string, not {Describe(property.Value)}");
                        break;
                    case "cmd" when property.Value.ValueKind == JsonValueKind.String:
                        cmd = property.Value.GetString();
                        break;
                    case "cmd":
                        error ??= new BusError(BusErrorCodes.InvalidArgs, $"\"cmd\" must be a string naming a command, not {Describe(property.Value)}");
                        break;
                    case "args" when property.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Null:
                        args = property.Value.ValueKind == JsonValueKind.Object ? property.Value.Clone() : default;
                        break;
                    case "args":
                        error ??= new BusError(BusErrorCodes.InvalidArgs, $"\"args\" must be an object, not {Describe(property.Value)}");
                        break;
                    default:
                        error ??= new BusError(BusErrorCodes.InvalidArgs, $"unknown key \"{Shorten(property.Name)}\"; a command has cmd, and optionally id and args");
                        break;
                }
            }

            if (error is null && cmd is null)
            {
                error = new BusError(BusErrorCodes.InvalidArgs, "\"cmd\" is missing; e.g. {\"cmd\":\"status\"}");
            }

            return new ParsedCommand(id, cmd, args, error);
        }
    }

    /// <summary>A JSON value's kind in words, for messages.</summary>
    public static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    /// <summary>Cuts text an operator sent back to a readable length for a message.</summary>
    public static string Shorten(string text) => text.Length <= 64 ? text : text[..61] + "...";

    private static ParsedCommand Fail(string? id, string? cmd, string code, string message) => new(id, cmd, default, new BusError(code, message));

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message : message[..(end + 1)];
    }
}
