using Akka.Streams;
using Akka.Streams.Stage;

namespace Loop.Engine.Bus;

/// <summary>
/// The spec's commands file as an Akka.Streams Source (a file tail is not in Akka.Streams' box): the
/// complete lines operators (or <c>loop send --file</c> tools) append, in order. It reads only when
/// downstream asks for a line and it has none cut already, at most <see cref="ReadBytes"/> at a time, so a
/// flood of appended lines waits in the file, not in memory. Woken by the file system when it can be, and
/// every <see cref="PollInterval"/> in any case. A file truncated (shorter than what was read) or replaced
/// (the path now names another file) is read again from its start, and <c>announce</c> says so.
/// </summary>
internal sealed class CommandFileSource : GraphStageWithMaterializedValue<SourceShape<RawLine>, CommandFileTailState>
{
    internal const int ReadBytes = 64 * 1024;
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);
    private readonly string _path;
    private readonly long _startAt;
    private readonly long _startLine;
    private readonly Action<string> _announce;

    /// <param name="path">The file (it must exist).</param>
    /// <param name="startAt">The byte offset to read from (a line's start).</param>
    /// <param name="startLine">The number of the line before <paramref name="startAt"/>.</param>
    /// <param name="announce">Told when the file was truncated or replaced (called on the stream's thread: it must not block).</param>
    public CommandFileSource(string path, long startAt, long startLine, Action<string> announce)
    {
        _path = Path.GetFullPath(path);
        _startAt = startAt;
        _startLine = startLine;
        _announce = announce;
        Shape = new SourceShape<RawLine>(Out);
    }

    public Outlet<RawLine> Out { get; } = new("commands-file.out");

    public override SourceShape<RawLine> Shape { get; }

    public override ILogicAndMaterializedValue<CommandFileTailState> CreateLogicAndMaterializedValue(Attributes inheritedAttributes)
    {
        var state = new CommandFileTailState(_startAt);
        return new LogicAndMaterializedValue<CommandFileTailState>(new Logic(this, state), state);
    }

    private sealed class Logic : TimerGraphStageLogic
    {
        private const string PollTimer = "poll";
        private readonly CommandFileSource _stage;
        private readonly CommandFileTailState _state;
        private readonly LineSplitter _splitter = new();
        private readonly Queue<RawLine> _ready = new();
        private readonly byte[] _buffer = new byte[ReadBytes];
        private FileSystemWatcher? _watcher;
        private FileStream? _stream;
        private long _offset;

        // Set when the file system said the name was created or renamed onto; without a watcher, every round checks.
        private bool _maybeReplaced = true;

        public Logic(CommandFileSource stage, CommandFileTailState state)
            : base(stage.Shape)
        {
            _stage = stage;
            _state = state;
            _offset = stage._startAt;
            _splitter.Reset(stage._startAt, stage._startLine);
            SetHandler(stage.Out, onPull: Deliver);
        }

        public override void PreStart()
        {
            var wake = GetAsyncCallback(Deliver);
            var replaced = GetAsyncCallback(() =>
            {
                _maybeReplaced = true;
                Deliver();
            });
            try
            {
                _watcher = new FileSystemWatcher(Path.GetDirectoryName(_stage._path)!, Path.GetFileName(_stage._path))
                {
                    NotifyFilter = NotifyFilters.Size | NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.CreationTime,
                };
                _watcher.Changed += (_, _) => wake();
                _watcher.Created += (_, _) => replaced();
                _watcher.Renamed += (_, _) => replaced();
                _watcher.EnableRaisingEvents = true;
            }
            catch (Exception ex) when (ex is IOException or ArgumentException or PlatformNotSupportedException)
            {
                _watcher = null; // polling alone still works
            }

            ScheduleRepeatedly(PollTimer, PollInterval);
        }

        public override void PostStop()
        {
            _watcher?.Dispose();
            _stream?.Dispose();
        }

        protected override void OnTimer(object timerKey) => Deliver();

        /// <summary>Pushes a line if downstream wants one, reading the file only when none is cut already.</summary>
        private void Deliver()
        {
            if (!IsAvailable(_stage.Out))
            {
                return;
            }

            if (_ready.Count == 0 && ReadSome())
            {
                ReadSome(); // truncated or replaced: read the new file at once
            }

            if (_ready.TryDequeue(out var line))
            {
                Push(_stage.Out, line);
            }
        }

        /// <summary>Reads until a line is complete or the file has no more; returns whether the file was found truncated or replaced (and is to be read from its start).</summary>
        private bool ReadSome()
        {
            try
            {
                if (_stream is null)
                {
                    _stream = new FileStream(_stage._path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                }
                else if ((_maybeReplaced || _watcher is null) && Replaced(_stream.SafeFileHandle))
                {
                    Restart("replaced");
                    return true;
                }

                _maybeReplaced = false;
                if (_stream.Length < _offset)
                {
                    Restart("truncated");
                    return true;
                }

                // Until a line is complete or the file has no more: a line longer than one read takes several.
                _stream.Position = _offset;
                int read;
                while (_ready.Count == 0 && (read = _stream.Read(_buffer, 0, _buffer.Length)) > 0)
                {
                    foreach (var line in _splitter.Feed(_buffer.AsSpan(0, read)))
                    {
                        _ready.Enqueue(line);
                    }

                    _offset += read;
                    _state.SetOffset(_offset);
                }
            }
            catch (FileNotFoundException)
            {
                // Removed: wait for it to come back (read from its start then).
                _stream?.Dispose();
                _stream = null;
                SetOffset(0);
            }
            catch (IOException)
            {
                // A transient read problem: the next round tries again.
            }

            return false;
        }

        /// <summary>Whether the path now names another file than the one open (replaced by a rename or a re-create).</summary>
        private bool Replaced(Microsoft.Win32.SafeHandles.SafeFileHandle handle)
        {
            try
            {
                var onDisk = new FileInfo(_stage._path);
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
            SetOffset(0);
            _stage._announce($"commands file {why}; reading it from its start");
        }

        private void SetOffset(long offset)
        {
            _offset = offset;
            _state.SetOffset(offset);
            _splitter.Reset(offset);
        }
    }
}
