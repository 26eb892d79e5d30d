using Loop.Engine.Cli;

namespace Loop.Engine.Output;

/// <summary>Opens the files a run appends to, creating folders; a path that cannot be used is one clear error before the loop starts.</summary>
internal static class OutputFile
{
    /// <summary>Opens <paramref name="path"/> for appending. When <paramref name="header"/> is given, a new file gets it as its first line and an existing one must already start with it.</summary>
    /// <param name="path">The file.</param>
    /// <param name="what">The spec field that names it, for the error.</param>
    /// <param name="header">The first line a new file gets and an existing one must have.</param>
    /// <param name="endCutLine">
    /// For a file only this engine writes (events, CSV): when it ends in half a line (a run killed
    /// mid-write), end that line first. Never for a file others append to (the commands file).
    /// </param>
    /// <param name="movedAside">
    /// Where an existing file with other columns (written by an older loop) was moved, so this run starts
    /// a new one instead of refusing to start; null when nothing was moved.
    /// </param>
    public static FileStream OpenForAppend(string path, string what, string? header, bool endCutLine, out string? movedAside)
    {
        movedAside = null;
        try
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(path));
            if (!string.IsNullOrEmpty(folder))
            {
                Directory.CreateDirectory(folder);
            }

            if (header is not null && File.Exists(path) && new FileInfo(path).Length > 0)
            {
                string? first;
                using (var reader = new StreamReader(path))
                {
                    first = reader.ReadLine();
                }

                if (first != header)
                {
                    movedAside = FreeName(path + ".old-columns");
                    File.Move(path, movedAside);
                }
                else
                {
                    header = null;
                }
            }

            // Unbuffered: LineFile gathers whole lines itself, so a failed write can be cut back to one.
            var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
            if (endCutLine && stream.Length > 0 && EndsWithoutLineEnd(path))
            {
                // A run killed mid-write left half a line: end it, so the first new line stands on its own.
                stream.WriteByte((byte)'\n');
            }

            if (header is not null)
            {
                stream.Write(System.Text.Encoding.UTF8.GetBytes(header + "\n"));
                stream.Flush();
            }

            return stream;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new LoopCliException($"cannot open {what} '{path}' for writing ({ex.Message}); set {what} in the spec to a writable path.");
        }
    }

    /// <summary>Opens <paramref name="path"/> for appending (see the overload); for files without a header.</summary>
    public static FileStream OpenForAppend(string path, string what, string? header = null, bool endCutLine = false) =>
        OpenForAppend(path, what, header, endCutLine, out _);

    private static string FreeName(string path)
    {
        var candidate = path;
        for (var n = 1; File.Exists(candidate); n++)
        {
            candidate = $"{path}.{n}";
        }

        return candidate;
    }

    private static bool EndsWithoutLineEnd(string path)
    {
        using var read = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        read.Seek(-1, SeekOrigin.End);
        return read.ReadByte() != '\n';
    }
}
