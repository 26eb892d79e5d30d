using System.Buffers;

namespace Loop.Engine.Output;

/// <summary>
/// A file the engine appends whole lines to (metrics.csv, events.jsonl) that survives a full disk: lines
/// gather in memory and go to the file at each <see cref="Flush"/>; a write that fails (ENOSPC, EIO) is cut
/// back to the last whole line, so no line is ever torn, and its lines are dropped and counted. The next
/// flush tries again with the lines that came since: writing resumes by itself once there is room.
/// Past <see cref="RollAt"/> bytes the file rolls (<see cref="RolledFiles"/>): a long-running engine's
/// outputs stay bounded.
/// </summary>
internal sealed class LineFile : IDisposable
{
    private FileStream _stream;
    /// <summary>The most bytes gathered before a flush is forced.</summary>
    internal const int MaxPendingBytes = 64 * 1024;

    private readonly ArrayBufferWriter<byte> _pending = new(4096);
    private int _pendingLines;
    private long _good;

    /// <param name="name">The file as the spec names it (for <see cref="OutputHealth"/>).</param>
    /// <param name="stream">The file, opened for appending, unbuffered.</param>
    public LineFile(string name, FileStream stream)
    {
        Name = name;
        _stream = stream;
        _good = stream.Position;
    }

    public string Name { get; }

    /// <summary>Gets the size past which the file rolls; 0 never rolls.</summary>
    public long RollAt { get; init; }

    /// <summary>Gets how many rolled files are kept.</summary>
    public int Keep { get; init; } = 5;

    /// <summary>Gets the line a new file starts with (metrics.csv's header), or null.</summary>
    public string? Header { get; init; }

    /// <summary>Gets why the last flush failed, or null when it succeeded.</summary>
    public string? Problem { get; private set; }

    /// <summary>Gets the lines dropped so far because they could not be written.</summary>
    public long Dropped { get; private set; }

    /// <summary>
    /// Adds one line (without its line end) to what the next flush writes. When it takes the file to its
    /// roll size it flushes (and rolls) at once, so a burst of lines overshoots the size by one line at most:
    /// returns what that flush has to tell, like <see cref="Flush"/>.
    /// </summary>
    /// <remarks>
    /// Past <see cref="MaxPendingBytes"/> it flushes too: a burst (40,000 acks of one POST /bus) is written
    /// 64 KiB at a time instead of gathered whole in a buffer that would keep its size for the process's life.
    /// </remarks>
    public OutputHealth? Append(ReadOnlySpan<byte> line)
    {
        var span = _pending.GetSpan(line.Length + 1);
        line.CopyTo(span);
        span[line.Length] = (byte)'\n';
        _pending.Advance(line.Length + 1);
        _pendingLines++;
        return (RollAt > 0 && _good + _pending.WrittenCount >= RollAt) || _pending.WrittenCount >= MaxPendingBytes ? Flush() : null;
    }

    /// <summary>Writes what was appended; returns what to tell when its health changed or lines were dropped, else null.</summary>
    public OutputHealth? Flush()
    {
        if (_pendingLines == 0)
        {
            return null;
        }

        var before = Problem;
        try
        {
            _stream.Write(_pending.WrittenSpan);
            _stream.Flush();
            _good = _stream.Position;
            Problem = null;
            Reset();
            if (RollAt > 0 && _good >= RollAt)
            {
                Roll();
            }

            return before is null || Problem is not null ? null : new OutputHealth(Name, null, 0, Changed: true);
        }
        catch (IOException ex)
        {
            CutBack();
            Problem = ex.Message;
            var dropped = _pendingLines;
            Dropped += dropped;
            Reset();
            return new OutputHealth(Name, Problem, dropped, Changed: before is null);
        }
    }

    public void Dispose()
    {
        Flush();
        _stream.Dispose();
    }

    /// <summary>This file becomes its first rolled generation, and a new one starts (with the header, if any).</summary>
    private void Roll()
    {
        _stream.Dispose();
        try
        {
            RolledFiles.Roll(Name, Keep);
        }
        catch (IOException ex)
        {
            Problem = "cannot roll: " + ex.Message; // the file goes on growing; the next roll tries again
        }

        _stream = new FileStream(Name, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
        if (Header is not null && _stream.Length == 0)
        {
            _stream.Write(System.Text.Encoding.UTF8.GetBytes(Header + "\n"));
        }

        _good = _stream.Position;
    }

    /// <summary>Whatever part of the failed write reached the file goes: the file ends on a whole line.</summary>
    private void CutBack()
    {
        try
        {
            _stream.SetLength(_good);
            _stream.Position = _good;
        }
        catch (IOException)
        {
            // the next successful write starts at _good anyway only if this worked; try again then
        }
    }

    private void Reset()
    {
        _pending.ResetWrittenCount();
        _pendingLines = 0;
    }
}
