using System.Collections;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Loop.Engine.Bus;

/// <summary>
/// The ids of the latest applied commands, oldest forgotten first once there are <see cref="Capacity"/>
/// of them: idempotency over a window, as brokers' duplicate detection has, so a resident engine's
/// memory and snapshots do not grow with every command it ever took.
/// </summary>
[JsonConverter(typeof(RecentIdsJsonConverter))]
internal sealed class RecentIds : IEnumerable<string>
{
    private readonly HashSet<string> _set = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();
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

    public bool Contains(string id) => _set.Contains(id);

    public void Add(string id)
    {
        if (_set.Add(id))
        {
            _order.Enqueue(id);
            Trim();
        }
    }

    /// <summary>Oldest first.</summary>
    public IEnumerator<string> GetEnumerator() => _order.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private void Trim()
    {
        while (_order.Count > _capacity)
        {
            _set.Remove(_order.Dequeue());
        }
    }

    /// <summary>An array of ids, oldest first.</summary>
    private sealed class RecentIdsJsonConverter : JsonConverter<RecentIds>
    {
        public override RecentIds Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var ids = new RecentIds();
            foreach (var id in JsonSerializer.Deserialize<List<string>>(ref reader, options) ?? [])
            {
                ids.Add(id);
            }

            return ids;
        }

        public override void Write(Utf8JsonWriter writer, RecentIds value, JsonSerializerOptions options)
        {
            writer.WriteStartArray();
            foreach (var id in value._order)
            {
                writer.WriteStringValue(id);
            }

            writer.WriteEndArray();
        }
    }
}
