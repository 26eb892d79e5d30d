using System.Text;

namespace Loop.Load.Http;

/// <summary>
/// The head of an HTTP/1.1 response, parsed from its bytes: the status code and how the body is framed
/// (Content-Length, chunked, or until the connection closes), and whether the connection can be kept.
/// </summary>
internal readonly record struct ResponseHead(int StatusCode, long ContentLength, bool Chunked, bool Close)
{
    private static readonly byte[] End = "\r\n\r\n"u8.ToArray();

    /// <summary>Where the head ends (just past its blank line) in <paramref name="data"/>, or -1 when it has not all arrived.</summary>
    public static int FindEnd(ReadOnlySpan<byte> data)
    {
        var at = data.IndexOf(End);
        return at < 0 ? -1 : at + End.Length;
    }

    /// <summary>Parses a complete head (status line and headers); null when it is not HTTP/1.x.</summary>
    public static ResponseHead? Parse(ReadOnlySpan<byte> head)
    {
        // "HTTP/1.1 200 OK"
        if (head.Length < 12 || !head.StartsWith("HTTP/1."u8) || head[8] != (byte)' ' || !IsDigit(head[9]) || !IsDigit(head[10]) || !IsDigit(head[11]))
        {
            return null;
        }

        var status = ((head[9] - '0') * 100) + ((head[10] - '0') * 10) + (head[11] - '0');
        var http10 = head[7] == (byte)'0';
        long length = -1;
        var chunked = false;
        var close = http10;
        var lineEnd = head.IndexOf("\r\n"u8);
        var rest = head[(lineEnd + 2)..];
        while (rest.Length > 2)
        {
            var end = rest.IndexOf("\r\n"u8);
            if (end <= 0)
            {
                break;
            }

            var line = rest[..end];
            rest = rest[(end + 2)..];
            var colon = line.IndexOf((byte)':');
            if (colon <= 0)
            {
                continue;
            }

            var name = line[..colon];
            var value = line[(colon + 1)..].Trim((byte)' ');
            if (name.Length == 14 && Ascii.EqualsIgnoreCase(name, "Content-Length"u8))
            {
                if (!System.Buffers.Text.Utf8Parser.TryParse(value, out long parsed, out var used) || used != value.Length || parsed < 0)
                {
                    return null;
                }

                length = parsed;
            }
            else if (name.Length == 17 && Ascii.EqualsIgnoreCase(name, "Transfer-Encoding"u8))
            {
                chunked = value.Length >= 7 && Ascii.EqualsIgnoreCase(value[^7..], "chunked"u8);
            }
            else if (name.Length == 10 && Ascii.EqualsIgnoreCase(name, "Connection"u8))
            {
                close = Ascii.EqualsIgnoreCase(value, "close"u8) || (http10 && !Ascii.EqualsIgnoreCase(value, "keep-alive"u8));
            }
        }

        // no body at all: 1xx, 204, 304 (and we never send HEAD through this client)
        if (status is < 200 or 204 or 304)
        {
            return new ResponseHead(status, 0, false, close);
        }

        return new ResponseHead(status, chunked ? -1 : length, chunked, close || (!chunked && length < 0));
    }

    private static bool IsDigit(byte b) => b is >= (byte)'0' and <= (byte)'9';
}
