using Loop.Engine.Output;
using Microsoft.Win32.SafeHandles;

namespace Loop.Engine.Bus;

/// <summary>
/// Tails the spec's commands file: reads what operators (or <c>loop send --file</c> tools) append,
/// complete lines only. Woken by the file system when it can be, and every
/// <see cref="PollInterval"/> in any case. A file truncated (shorter than what was read) or replaced
/// (the path now names another file) is read again from its start, with a lifecycle event saying so.
/// </summary>
internal sealed class CommandFileTail : IAsyncDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);
    private readonly string _path;
    private readonly IActorRef _bus;
    private readonly IActorRef _events;
    private readonly LineSplitter _splitter = new();
    private readonly SemaphoreSlim _changed = new(0);
    private readonly CancellationTokenSource _stop = new();
    private readonly FileSystemWatcher? _watcher;
    private readonly Task _loop;
    private FileStream? _stream;
    private long _offset;
    private int _disposed;

    // Set when the file system said the name was created or renamed onto; without a watcher, every round checks.
    private volatile bool _maybeReplaced = true;

    private CommandFileTail(string path, IActorRef bus, IActorRef events, long startAt, long startLine)
    {
        _path = Path.GetFullPath(path);
        _bus = bus;
        _events = events;
        _offset = startAt;
        StartedAt = startAt;
        _splitter.Reset(startAt, startLine);
        try
        {
            _watcher = new FileSystemWatcher(Path.GetDirectoryName(_path)!, Path.GetFileName(_path))
            {
                NotifyFilter = NotifyFilters.Size | NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.CreationTime,
            };
            _watcher.Changed += (_, _) => Wake();
            _watcher.Created += (_, _) => MaybeReplaced();
            _watcher.Renamed += (_, _) => MaybeReplaced();
            _watcher.EnableRaisingEvents = true;
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or PlatformNotSupportedException)
        {
            _watcher = null; // polling alone still works
        }

        _loop = Task.Run(RunAsync);
    }

    /// <summary>Gets the byte offset the tail started at.</summary>
    public long StartedAt { get; }

    /// <summary>Gets the byte offset up to which complete lines were handed to the bus.</summary>
    public long Offset => Interlocked.Read(ref _offset);

    /// <summary>
    /// Starts tailing <paramref name="path"/> (created, with its folder, when missing). With
    /// <paramref name="resume"/> (the journal's offset and line number of the last line acked) it goes
    /// on right after that line; a file now shorter than that was replaced and is read from its start.
    /// Without it (no journal has seen this file) it starts at the file's end: lines already there
    /// belong to earlier runs.
    /// </summary>
    public static CommandFileTail Start(string path, IActorRef bus, IActorRef events, (long Offset, long Line)? resume = null)
    {
        OutputFile.OpenForAppend(path, "bus.commands").Dispose();
        var length = new FileInfo(path).Length;
        if (resume is not { } at)
        {
            return new CommandFileTail(path, bus, events, length, 0);
        }

        if (at.Offset <= length)
        {
            return new CommandFileTail(path, bus, events, at.Offset, at.Line);
        }

        var tail = new CommandFileTail(path, bus, events, 0, 0);
        tail.Announce($"commands file is shorter ({length} bytes) than where the last run stopped ({at.Offset}); reading it from its start");
        return tail;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        _watcher?.Dispose();
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // stopping
        }

        _stream?.Dispose();
        _stop.Dispose();
        _changed.Dispose();
    }

    private void MaybeReplaced()
    {
        _maybeReplaced = true;
        Wake();
    }

    private void Wake()
    {
        if (_changed.CurrentCount == 0)
        {
            _changed.Release();
        }
    }

    private async Task RunAsync()
    {
        var buffer = new byte[64 * 1024];
        while (!_stop.IsCancellationRequested)
        {
            ReadAvailable(buffer);
            await _changed.WaitAsync(PollInterval, _stop.Token).ConfigureAwait(false);
        }
    }

    private void ReadAvailable(byte[] buffer)
    {
        try
        {
            if (_stream is null)
            {
                _stream = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            }
            else if ((_maybeReplaced || _watcher is null) && Replaced(_stream.SafeFileHandle))
            {
                Restart("replaced");
                return;
            }

            _maybeReplaced = false;
            var length = _stream.Length;
            if (length < _offset)
            {
                Restart("truncated");
                return;
            }

            _stream.Position = _offset;
            int read;
            while ((read = _stream.Read(buffer, 0, buffer.Length)) > 0)
            {
                foreach (var line in _splitter.Feed(buffer.AsSpan(0, read)))
                {
                    _bus.Tell(new BusLine(BusSource.File, line, null), ActorRefs.NoSender);
                }

                Interlocked.Add(ref _offset, read);
            }
        }
        catch (FileNotFoundException)
        {
            // Removed: wait for it to come back (read from its start then).
            _stream?.Dispose();
            _stream = null;
            Interlocked.Exchange(ref _offset, 0);
            _splitter.Reset();
        }
        catch (IOException)
        {
            // A transient read problem: the next round tries again.
        }
    }

    /// <summary>Whether the path now names another file than the one open (replaced by a rename or a re-create).</summary>
    private bool Replaced(SafeFileHandle handle)
    {
        try
        {
            var onDisk = new FileInfo(_path);
            return onDisk.Exists && File.GetCreationTimeUtc(handle) != onDisk.CreationTimeUtc;
        }
        catch (IOException)
        {
            return false;
        }
    }

    private void Restart(string why)
    {
        _stream?.Dispose();
        _stream = null;
        Interlocked.Exchange(ref _offset, 0);
        _splitter.Reset();
        Announce($"commands file {why}; reading it from its start");
        Wake();
    }

    private void Announce(string detail) =>
        _events.Tell(new EngineLifecycle("bus", new Dictionary<string, object?> { ["commands"] = _path, ["detail"] = detail }), ActorRefs.NoSender);
}
