using System.Buffers;

namespace Loop.Engine.Output;

/// <summary>
/// A file the engine appends whole lines to (metrics.csv, events.jsonl) that survives a full disk: lines
/// gather in memory and go to the file at each <see cref="Flush"/>; a write that fails (ENOSPC, EIO) is cut
/// back to the last whole line, so no line is ever torn, and its lines are dropped and counted. The next
/// flush tries again with the lines that came since: writing resumes by itself once there is room.
/// </summary>
internal sealed class LineFile : IDisposable
{
    private readonly FileStream _stream;
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

    /// <summary>Gets why the last flush failed, or null when it succeeded.</summary>
    public string? Problem { get; private set; }

    /// <summary>Gets the lines dropped so far because they could not be written.</summary>
    public long Dropped { get; private set; }

    /// <summary>Adds one line (without its line end) to what the next flush writes.</summary>
    public void Append(ReadOnlySpan<byte> line)
    {
        var span = _pending.GetSpan(line.Length + 1);
        line.CopyTo(span);
        span[line.Length] = (byte)'\n';
        _pending.Advance(line.Length + 1);
        _pendingLines++;
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
            return before is null ? null : new OutputHealth(Name, null, 0, Changed: true);
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
