using System.Text;

namespace Loop.Engine.Tests.Support;

/// <summary>
/// Random and mutated bus lines: random bytes, truncated JSON, deep nesting, huge numbers, every
/// command with wrong argument types, and byte flips of valid commands. Never a line break inside a
/// line, and never a well-formed stop (the engine must keep running).
/// </summary>
internal static class BusFuzz
{
    private static readonly string[] Commands =
    [
        "pause", "resume", "status", "set_tick", "add_adapter", "remove_adapter", "restart_adapter",
        "enable_adapter", "disable_adapter", "reset_metrics", "ack_block", "inject_fault", "stop",
    ];

    private static readonly string[] WrongValues = ["123", "-1", "true", "null", "[]", "{}", "\"\"", "1e400", "99999999999999999999", "\"x\"", "[{\"a\":1}]"];

    private static readonly string[] ArgNames = ["tick_ms", "name", "adapter", "mode", "count", "scope", "kind", "url"];

    public static List<byte[]> Lines(int count, int seed)
    {
        var random = new Random(seed);
        var lines = new List<byte[]>(count);
        while (lines.Count < count)
        {
            var line = random.Next(8) switch
            {
                0 => RandomBytes(random),
                1 => Truncated(random),
                2 => Deep(random),
                3 => Encoding.UTF8.GetBytes($"{{\"cmd\":\"set_tick\",\"args\":{{\"tick_ms\":{random.Next(1, 400)}{new string('9', random.Next(0, 400))}}}}}"),
                4 => WrongTypes(random),
                5 => Flipped(random),
                6 => Encoding.UTF8.GetBytes(random.Next(3) == 0 ? "   " : "{\"cmd\":\"status\"}"),
                _ => Encoding.UTF8.GetBytes($"{{\"id\":\"f{random.Next(50)}\",\"cmd\":\"{Commands[random.Next(Commands.Length - 1)]}\"}}"),
            };
            if (!IsStop(line))
            {
                lines.Add(line);
            }
        }

        return lines;
    }

    /// <summary>Blank lines (spaces, tabs, CR) are no commands and get no ack.</summary>
    public static bool IsBlank(byte[] line) => line.AsSpan().IndexOfAnyExcept(" \t\r"u8) < 0;

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(1, 300)];
        random.NextBytes(bytes);
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n')
            {
                bytes[i] = (byte)'?';
            }
        }

        return bytes;
    }

    private static byte[] Truncated(Random random)
    {
        var text = $"{{\"id\":\"t{random.Next(1000)}\",\"cmd\":\"inject_fault\",\"args\":{{\"adapter\":\"a\",\"mode\":\"error\",\"count\":2}}}}";
        return Encoding.UTF8.GetBytes(text[..random.Next(1, text.Length - 1)]);
    }

    private static byte[] Deep(Random random)
    {
        var depth = random.Next(60, 5000);
        return Encoding.UTF8.GetBytes("{\"cmd\":\"status\",\"args\":{\"x\":" + new string('[', depth) + new string(']', depth) + "}}");
    }

    private static byte[] WrongTypes(Random random)
    {
        var cmd = Commands[random.Next(Commands.Length)];
        var arg = ArgNames[random.Next(ArgNames.Length)];
        var value = WrongValues[random.Next(WrongValues.Length)];
        var shape = random.Next(4);
        var text = shape switch
        {
            0 => $"{{\"cmd\":\"{cmd}\",\"args\":{{\"{arg}\":{value}}}}}",
            1 => $"{{\"cmd\":{value},\"args\":{{}}}}",
            2 => $"{{\"cmd\":\"{cmd}\",\"args\":{value}}}",
            _ => $"{{\"id\":{value},\"cmd\":\"{cmd}\"}}",
        };
        return Encoding.UTF8.GetBytes(text);
    }

    private static byte[] Flipped(Random random)
    {
        var bytes = Encoding.UTF8.GetBytes($"{{\"cmd\":\"disable_adapter\",\"args\":{{\"name\":\"{(random.Next(2) == 0 ? "a" : "zz")}\"}}}}");
        for (var flips = random.Next(1, 4); flips > 0; flips--)
        {
            var at = random.Next(bytes.Length);
            bytes[at] = (byte)random.Next(256);
            if (bytes[at] == (byte)'\n')
            {
                bytes[at] = (byte)' ';
            }
        }

        return bytes;
    }

    private static bool IsStop(byte[] line)
    {
        // Conservative: any line naming stop with no args at all is left out.
        var text = Encoding.UTF8.GetString(line);
        return text.Contains("\"stop\"", StringComparison.Ordinal) && !text.Contains("\"args\":{\"", StringComparison.Ordinal);
    }
}
