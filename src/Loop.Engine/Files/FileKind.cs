namespace Loop.Engine.Files;

/// <summary>What a path is on disk: checked before anything opens it, since opening a FIFO blocks and /dev/zero never ends.</summary>
internal enum FileKind
{
    /// <summary>Nothing there (yet).</summary>
    Missing,

    /// <summary>A regular file (or a link to one).</summary>
    Regular,

    /// <summary>A directory.</summary>
    Directory,

    /// <summary>A named pipe (FIFO).</summary>
    Fifo,

    /// <summary>A character or block device (/dev/zero, /dev/sda...).</summary>
    Device,

    /// <summary>A Unix socket.</summary>
    Socket,

    /// <summary>The platform could not tell (not Linux): treated as a regular file.</summary>
    Unknown,
}
