namespace Loop.Engine.Bus;

/// <summary>
/// Cuts a byte stream into JSONL lines as it arrives: only complete lines come out (a line waits for its
/// <c>\n</c>; a trailing <c>\r</c> is dropped), and a line longer than <see cref="MaxLineBytes"/> comes
/// out once as too large while the rest of it is skipped, so the next line is read normally.
/// </summary>
internal sealed class LineSplitter
{
    /// <summary>The longest line accepted: 64 KiB (DESIGN.md: Command bus).</summary>
    public const int MaxLineBytes = 64 * 1024;

    private readonly MemoryStream _pending = new();
    private bool _skipping;
    private long _number;
    private long _position;

    /// <summary>Gets the number of the last line cut.</summary>
    public long LineNumber => _number;

    /// <summary>Gets how many bytes of an unfinished line are held (not counting a too-large line being skipped).</summary>
    public long PendingBytes => _pending.Length;

    /// <summary>Feeds bytes; returns the lines they completed.</summary>
    public List<RawLine> Feed(ReadOnlySpan<byte> bytes)
    {
        var lines = new List<RawLine>();
        while (!bytes.IsEmpty)
        {
            var end = bytes.IndexOf((byte)'\n');
            var part = end < 0 ? bytes : bytes[..end];
            if (!_skipping)
            {
                if (_pending.Length + part.Length > MaxLineBytes + 1)
                {
                    // Report it now, once; the rest of the line is dropped as it comes.
                    _skipping = true;
                    _pending.SetLength(0);
                    lines.Add(new RawLine(++_number, [], TooLarge: true));
                }
                else
                {
                    _pending.Write(part);
                }
            }

            if (end < 0)
            {
                _position += bytes.Length;
                break;
            }

            _position += end + 1;
            if (_skipping)
            {
                _skipping = false;
            }
            else
            {
                lines.Add(Cut(_position));
            }

            bytes = bytes[(end + 1)..];
        }

        return lines;
    }

    /// <summary>At the end of a stream that ends without a line end (stdin, an HTTP body): its last line, if any.</summary>
    public RawLine? Finish()
    {
        if (_skipping)
        {
            _skipping = false;
            return null;
        }

        return _pending.Length > 0 ? Cut(_position) : null;
    }

    /// <summary>
    /// Forgets everything: a truncated or replaced file is read again from its start; a resumed one
    /// goes on from <paramref name="position"/>, after line <paramref name="lineNumber"/>.
    /// </summary>
    public void Reset(long position = 0, long lineNumber = 0)
    {
        _pending.SetLength(0);
        _skipping = false;
        _number = lineNumber;
        _position = position;
    }

    private RawLine Cut(long end)
    {
        var line = _pending.ToArray();
        _pending.SetLength(0);
        if (line.Length > 0 && line[^1] == (byte)'\r')
        {
            line = line[..^1];
        }

        return line.Length > MaxLineBytes ? new RawLine(++_number, [], TooLarge: true, end) : new RawLine(++_number, line, TooLarge: false, end);
    }
}
