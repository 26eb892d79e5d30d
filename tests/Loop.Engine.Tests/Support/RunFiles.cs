using System.Text.Json;

namespace Loop.Engine.Tests.Support;

/// <summary>Reads the files a running engine writes, while it writes them (shared access; a line still being written is left out).</summary>
internal static class RunFiles
{
    /// <summary>The complete lines of a file (none when it does not exist yet).</summary>
    public static List<string> Lines(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            lines.Add(line);
        }

        return lines;
    }

    /// <summary>One column of a CSV file with a header (metrics.csv), by the column's name, row by row.</summary>
    public static List<string> Column(string path, string name)
    {
        var lines = Lines(path);
        var index = Array.IndexOf(lines[0].Split(','), name);
        return index < 0 ? throw new InvalidOperationException($"{path} has no column {name}") : lines.Skip(1).Where(static l => l.Length > 0).Select(l => l.Split(',')[index]).ToList();
    }

    /// <summary>The complete JSON lines of events.jsonl (or any JSONL file).</summary>
    public static List<JsonElement> JsonLines(string path) =>
        Lines(path).Where(static l => l.EndsWith('}')).Select(static l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
}
