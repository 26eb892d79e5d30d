using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Loop.Engine.Bus;

/// <summary>
/// The ids of the latest applied commands, oldest forgotten first once there are <see cref="Capacity"/>
/// of them: idempotency over a window, as brokers' duplicate detection has, so a resident engine's
/// memory and snapshots do not grow with every command it ever took. Each id is kept as its 128-bit
/// XxHash (16 bytes, whatever the id's length; two ids sharing one is a chance of about 1 in 10^34 for
/// 100,000 ids), so 100,000 remembered ids cost ~4 MB in memory and 2 MB in a snapshot, not ~50 MB and
/// ~20 MB when callers use long ids.
/// </summary>
[JsonConverter(typeof(RecentIdsJsonConverter))]
internal sealed class RecentIds
{
    private const int KeyBytes = 16;
    private readonly HashSet<UInt128> _set = [];
    private readonly Queue<UInt128> _order = new();
    private int _capacity = int.MaxValue;

    /// <summary>Gets or sets how many ids are kept; lowering it forgets the oldest at once.</summary>
    public int Capacity
    {
        get => _capacity;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            _capacity = value;
            Trim();
        }
    }

    public int Count => _set.Count;

    public bool Contains(string id) => _set.Contains(Key(id));

    public void Add(string id) => Add(Key(id));

    /// <summary>The same ids, in the same order, with the same capacity.</summary>
    public RecentIds Copy()
    {
        var copy = new RecentIds { _capacity = _capacity };
        copy._set.EnsureCapacity(_set.Count);
        foreach (var key in _order)
        {
            copy._set.Add(key);
            copy._order.Enqueue(key);
        }

        return copy;
    }

    /// <summary>What an id is remembered by: the 128-bit XxHash of its UTF-8 bytes.</summary>
    private static UInt128 Key(string id)
    {
        var most = Encoding.UTF8.GetMaxByteCount(id.Length);
        byte[]? rented = null;
        var buffer = most <= 512 ? stackalloc byte[512] : (rented = ArrayPool<byte>.Shared.Rent(most));
        var key = XxHash128.HashToUInt128(buffer[..Encoding.UTF8.GetBytes(id, buffer)]);
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }

        return key;
    }

    private void Add(UInt128 key)
    {
        if (_set.Add(key))
        {
            _order.Enqueue(key);
            Trim();
        }
    }

    private void Trim()
    {
        while (_order.Count > _capacity)
        {
            _set.Remove(_order.Dequeue());
        }
    }

    /// <summary>One base64 string: the ids' keys, 16 bytes each (big-endian), oldest first.</summary>
    private sealed class RecentIdsJsonConverter : JsonConverter<RecentIds>
    {
        public override RecentIds Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var bytes = reader.GetBytesFromBase64();
            if (bytes.Length % KeyBytes != 0)
            {
                throw new JsonException($"remembered ids: {bytes.Length} bytes is not a whole number of {KeyBytes}-byte keys");
            }

            var ids = new RecentIds();
            for (var at = 0; at < bytes.Length; at += KeyBytes)
            {
                ids.Add(BinaryPrimitives.ReadUInt128BigEndian(bytes.AsSpan(at, KeyBytes)));
            }

            return ids;
        }

        public override void Write(Utf8JsonWriter writer, RecentIds value, JsonSerializerOptions options)
        {
            var bytes = new byte[value._order.Count * KeyBytes];
            var at = 0;
            foreach (var key in value._order)
            {
                BinaryPrimitives.WriteUInt128BigEndian(bytes.AsSpan(at, KeyBytes), key);
                at += KeyBytes;
            }

            writer.WriteBase64StringValue(bytes);
        }
    }
}
