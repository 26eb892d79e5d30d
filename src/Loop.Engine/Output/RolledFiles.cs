namespace Loop.Engine.Output;

/// <summary>
/// The names of an output file's rolled predecessors: <c>logs/events.jsonl</c> rolls to
/// <c>logs/events.1.jsonl</c> (the newest), <c>.2</c>, ... up to the spec's <c>output.keep</c>.
/// </summary>
internal static class RolledFiles
{
    /// <summary>The name of the <paramref name="generation"/>-th rolled file (1 is the newest); 0 is the file itself.</summary>
    public static string Name(string path, int generation)
    {
        if (generation == 0)
        {
            return path;
        }

        var folder = Path.GetDirectoryName(path);
        var name = $"{Path.GetFileNameWithoutExtension(path)}.{generation}{Path.GetExtension(path)}";
        return string.IsNullOrEmpty(folder) ? name : Path.Combine(folder, name);
    }

    /// <summary>The file and its rolled predecessors that exist, newest first.</summary>
    public static IEnumerable<string> NewestFirst(string path)
    {
        if (File.Exists(path))
        {
            yield return path;
        }

        for (var generation = 1; File.Exists(Name(path, generation)); generation++)
        {
            yield return Name(path, generation);
        }
    }

    /// <summary>The file and its rolled predecessors that exist, oldest first (the order their lines were written).</summary>
    public static IReadOnlyList<string> OldestFirst(string path) => NewestFirst(path).Reverse().ToList();

    /// <summary>Shifts the rolled files up one generation (dropping what goes past <paramref name="keep"/>) and moves the file to generation 1.</summary>
    public static void Roll(string path, int keep)
    {
        File.Delete(Name(path, keep));
        for (var generation = keep - 1; generation >= 0; generation--)
        {
            var from = Name(path, generation);
            if (File.Exists(from))
            {
                File.Move(from, Name(path, generation + 1), overwrite: true);
            }
        }
    }
}
