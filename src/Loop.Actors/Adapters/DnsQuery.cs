using System.Buffers.Binary;
using System.Net;
using System.Text;

namespace Loop.Actors.Adapters;

/// <summary>
/// The little of the DNS wire format (RFC 1035) a probe needs: one question out, the answers of one type back
/// (A, AAAA, CNAME; names decompressed), and the response code.
/// </summary>
internal static class DnsQuery
{
    public const int NxDomain = 3;

    public static ushort TypeOf(string record) => record switch
    {
        "A" => 1,
        "CNAME" => 5,
        "AAAA" => 28,
        _ => throw new ArgumentOutOfRangeException(nameof(record), record, "A, AAAA or CNAME"),
    };

    /// <summary>A query for <paramref name="name"/>'s records of <paramref name="type"/>, recursion desired.</summary>
    public static byte[] Build(ushort id, string name, ushort type)
    {
        var message = new List<byte>(32 + name.Length);
        Span<byte> header = stackalloc byte[12];
        BinaryPrimitives.WriteUInt16BigEndian(header, id);
        header[2] = 0x01; // RD
        BinaryPrimitives.WriteUInt16BigEndian(header[4..], 1); // QDCOUNT
        message.AddRange(header.ToArray());
        foreach (var label in name.TrimEnd('.').Split('.'))
        {
            var bytes = Encoding.ASCII.GetBytes(label);
            if (bytes.Length is 0 or > 63)
            {
                throw new ArgumentException($"'{name}' has an empty label or one longer than 63 characters", nameof(name));
            }

            message.Add((byte)bytes.Length);
            message.AddRange(bytes);
        }

        message.Add(0);
        message.AddRange([(byte)(type >> 8), (byte)type, 0, 1]); // QTYPE, QCLASS IN
        return [.. message];
    }

    /// <summary>Reads a response to query <paramref name="id"/>: its response code and the answers of <paramref name="type"/> as text.</summary>
    /// <exception cref="FormatException">Not a well-formed response to that query.</exception>
    public static (int ResponseCode, List<string> Answers) Parse(ReadOnlySpan<byte> response, ushort id, ushort type)
    {
        if (response.Length < 12 || BinaryPrimitives.ReadUInt16BigEndian(response) != id || (response[2] & 0x80) == 0)
        {
            throw new FormatException("not a response to this query");
        }

        var code = response[3] & 0x0F;
        var questions = BinaryPrimitives.ReadUInt16BigEndian(response[4..]);
        var answers = BinaryPrimitives.ReadUInt16BigEndian(response[6..]);
        var at = 12;
        for (var q = 0; q < questions; q++)
        {
            _ = ReadName(response, ref at);
            at += 4;
        }

        var found = new List<string>();
        for (var a = 0; a < answers; a++)
        {
            _ = ReadName(response, ref at);
            Need(response, at, 10);
            var rrType = BinaryPrimitives.ReadUInt16BigEndian(response[at..]);
            var length = BinaryPrimitives.ReadUInt16BigEndian(response[(at + 8)..]);
            at += 10;
            Need(response, at, length);
            if (rrType == type)
            {
                var data = response.Slice(at, length);
                found.Add(type switch
                {
                    1 when length == 4 => new IPAddress(data).ToString(),
                    28 when length == 16 => new IPAddress(data).ToString(),
                    5 => ReadNameAt(response, at),
                    _ => throw new FormatException("an answer of the wrong length"),
                });
            }

            at += length;
        }

        return (code, found);
    }

    private static string ReadNameAt(ReadOnlySpan<byte> message, int at) => ReadName(message, ref at);

    /// <summary>A (possibly compressed) name at <paramref name="at"/>; moves past it. At most 128 jumps: a loop of pointers is malformed.</summary>
    private static string ReadName(ReadOnlySpan<byte> message, ref int at)
    {
        var labels = new List<string>();
        var position = at;
        var jumped = false;
        for (var jumps = 0; jumps < 128;)
        {
            Need(message, position, 1);
            var length = message[position];
            if (length == 0)
            {
                if (!jumped)
                {
                    at = position + 1;
                }

                return string.Join('.', labels);
            }

            if ((length & 0xC0) == 0xC0)
            {
                Need(message, position, 2);
                if (!jumped)
                {
                    at = position + 2;
                }

                position = BinaryPrimitives.ReadUInt16BigEndian(message[position..]) & 0x3FFF;
                jumped = true;
                jumps++;
                continue;
            }

            Need(message, position + 1, length);
            labels.Add(Encoding.ASCII.GetString(message.Slice(position + 1, length)));
            position += 1 + length;
        }

        throw new FormatException("a name with a loop of pointers");
    }

    private static void Need(ReadOnlySpan<byte> message, int at, int count)
    {
        if (at < 0 || at + count > message.Length)
        {
            throw new FormatException("a truncated response");
        }
    }
}
