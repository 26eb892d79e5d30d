namespace Loop.Load.Http;

/// <summary>
/// Walks a chunked body as its bytes arrive (RFC 9112 7.1): size lines (extensions ignored), data, the CRLF
/// after each chunk, the last chunk and its trailer. Only framing is read; the data is counted, not kept.
/// </summary>
internal struct ChunkedBody
{
    private State _state;
    private long _left;
    private long _size;
    private bool _lineEmpty;

    private enum State
    {
        Size,
        Extension,
        SizeLf,
        Data,
        DataCr,
        DataLf,
        Trailer,
        Done,
    }

    /// <summary>Whether the whole body has been seen.</summary>
    public readonly bool IsDone => _state == State.Done;

    /// <summary>Consumes <paramref name="data"/>; returns how many bytes belonged to the body, or -1 on a framing error.</summary>
    public int Consume(ReadOnlySpan<byte> data)
    {
        var i = 0;
        while (i < data.Length && _state != State.Done)
        {
            var b = data[i];
            switch (_state)
            {
                case State.Size:
                    var digit = HexValue(b);
                    if (digit >= 0)
                    {
                        _size = (_size * 16) + digit;
                        if (_size > (1L << 40))
                        {
                            return -1;
                        }
                    }
                    else if (b == (byte)';' || b == (byte)' ')
                    {
                        _state = State.Extension;
                    }
                    else if (b == (byte)'\r')
                    {
                        _state = State.SizeLf;
                    }
                    else
                    {
                        return -1;
                    }

                    i++;
                    break;
                case State.Extension:
                    if (b == (byte)'\r')
                    {
                        _state = State.SizeLf;
                    }

                    i++;
                    break;
                case State.SizeLf:
                    if (b != (byte)'\n')
                    {
                        return -1;
                    }

                    i++;
                    (_state, _left, _size, _lineEmpty) = _size == 0 ? (State.Trailer, 0L, 0L, true) : (State.Data, _size, 0L, false);
                    break;
                case State.Data:
                    var take = (int)Math.Min(_left, data.Length - i);
                    i += take;
                    _left -= take;
                    if (_left == 0)
                    {
                        _state = State.DataCr;
                    }

                    break;
                case State.DataCr:
                    if (b != (byte)'\r')
                    {
                        return -1;
                    }

                    _state = State.DataLf;
                    i++;
                    break;
                case State.DataLf:
                    if (b != (byte)'\n')
                    {
                        return -1;
                    }

                    _state = State.Size;
                    i++;
                    break;
                case State.Trailer:
                    // trailer lines until an empty one: "\r\n" right at a line start ends the body
                    if (b == (byte)'\n')
                    {
                        if (_lineEmpty)
                        {
                            _state = State.Done;
                        }

                        _lineEmpty = true;
                    }
                    else if (b != (byte)'\r')
                    {
                        _lineEmpty = false;
                    }

                    i++;
                    break;
            }
        }

        return i;
    }

    private static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };
}
