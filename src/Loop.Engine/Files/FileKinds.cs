using System.Runtime.InteropServices;

namespace Loop.Engine.Files;

/// <summary>
/// Tells a path's <see cref="FileKind"/>. .NET reports a FIFO and a device as plain files, so on Linux this
/// asks the kernel with statx(2), whose buffer layout is the same on every architecture.
/// </summary>
internal static class FileKinds
{
    private const int AtFdCwd = -100;
    private const uint StatxType = 0x1;
    private const uint StatxIno = 0x100;
    private const int TypeMask = 0xF000;

    public static FileKind Of(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return File.Exists(path) ? FileKind.Unknown : System.IO.Directory.Exists(path) ? FileKind.Directory : FileKind.Missing;
        }

        var buffer = new byte[256]; // struct statx
        try
        {
            if (NativeMethods.Statx(AtFdCwd, path, 0, StatxType, buffer) != 0)
            {
                return FileKind.Missing; // ENOENT, or a parent that is not a folder: nothing to open there
            }
        }
        catch (EntryPointNotFoundException)
        {
            return File.Exists(path) ? FileKind.Unknown : FileKind.Missing; // a libc older than 2.28
        }

        var mode = BitConverter.ToUInt16(buffer, 28); // stx_mode
        return (mode & TypeMask) switch
        {
            0x8000 => FileKind.Regular,
            0x4000 => FileKind.Directory,
            0x1000 => FileKind.Fifo,
            0x2000 or 0x6000 => FileKind.Device,
            0xC000 => FileKind.Socket,
            _ => FileKind.Unknown,
        };
    }

    /// <summary>
    /// Which file is at <paramref name="path"/> now (device and inode), or null when none is (or the
    /// platform cannot tell): two different values mean the file was deleted or replaced in between.
    /// </summary>
    public static (ulong Device, ulong Inode)? Identity(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        var buffer = new byte[256];
        try
        {
            if (NativeMethods.Statx(AtFdCwd, path, 0, StatxType | StatxIno, buffer) != 0)
            {
                return null;
            }
        }
        catch (EntryPointNotFoundException)
        {
            return null;
        }

        var device = ((ulong)BitConverter.ToUInt32(buffer, 136) << 32) | BitConverter.ToUInt32(buffer, 140); // stx_dev_major, stx_dev_minor
        return (device, BitConverter.ToUInt64(buffer, 32)); // stx_ino
    }

    /// <summary>A path the engine reads or writes as a file: missing (it creates it) or a regular file; else why not.</summary>
    public static string? NotAFile(string path) => Of(path) switch
    {
        FileKind.Missing or FileKind.Regular or FileKind.Unknown => null,
        FileKind.Directory => "is a directory; name a file in it",
        FileKind.Fifo => "is a named pipe (FIFO), not a regular file; name a regular file",
        FileKind.Device => "is a device, not a regular file; name a regular file",
        _ => "is not a regular file; name a regular file",
    };

    private static class NativeMethods
    {
        // DllImport, not LibraryImport: the generated stub needs unsafe code, and this is the only call.
#pragma warning disable SYSLIB1054
        [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
        internal static extern int Statx(int dirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, [Out] byte[] buffer);
#pragma warning restore SYSLIB1054
    }
}
