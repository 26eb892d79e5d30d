using System.Diagnostics;

namespace Loop.Engine.Tests.Support;

/// <summary>
/// A real small file system (tmpfs) mounted at a folder, to fill up: a full disk as a user's machine has
/// one. Needs root (CI runs as root here); without it the test fails saying so rather than pass untested.
/// </summary>
internal sealed class SmallDisk : IDisposable
{
    private SmallDisk(string path) => Path = path;

    public string Path { get; }

    public static SmallDisk Mount(string path, int kib)
    {
        Directory.CreateDirectory(path);
        var (code, output) = Run("mount", "-t", "tmpfs", "-o", $"size={kib}k", "tmpfs", path);
        return code == 0
            ? new SmallDisk(path)
            : throw new InvalidOperationException($"this test mounts a {kib} KiB tmpfs to fill it up and needs root for that: mount said ({code}) {output.Trim()}");
    }

    /// <summary>Writes a filler file until the disk is full; returns its path (delete it to free the space).</summary>
    public string Fill()
    {
        var filler = System.IO.Path.Combine(Path, "filler");
        var chunk = new byte[16 * 1024];
        using var stream = new FileStream(filler, FileMode.Create, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0);
        try
        {
            while (true)
            {
                stream.Write(chunk);
            }
        }
        catch (IOException)
        {
            // full
        }

        // The last partial chunk may have left a few bytes free: take them too.
        try
        {
            while (true)
            {
                stream.Write(chunk.AsSpan(0, 1));
            }
        }
        catch (IOException)
        {
            return filler;
        }
    }

    public void Dispose() => Run("umount", "-l", Path);

    private static (int Code, string Output) Run(string program, params string[] args)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output);
    }
}
