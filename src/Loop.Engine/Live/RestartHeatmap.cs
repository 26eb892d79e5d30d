using System.Text.Json;

namespace Loop.Engine.Live;

/// <summary>
/// Restarts per adapter per minute over the last hour (the web view's heatmap), for a page that opens
/// late. Only adapters that restarted are kept, and only their last 60 minutes (an adapter removed keeps
/// its row until its restarts are an hour old; rows are at most the adapters that ever restarted).
/// </summary>
internal sealed class RestartHeatmap
{
    public const int Minutes = 60;
    private readonly Dictionary<string, Dictionary<long, int>> _adapters = new(StringComparer.Ordinal);

    /// <summary>Counts one restart of <paramref name="adapter"/> at <paramref name="at"/>, and forgets what is older than an hour.</summary>
    public void Note(string adapter, DateTimeOffset at)
    {
        if (!_adapters.TryGetValue(adapter, out var perMinute))
        {
            _adapters[adapter] = perMinute = [];
        }

        var minute = at.ToUnixTimeSeconds() / 60;
        perMinute[minute] = perMinute.GetValueOrDefault(minute) + 1;
        foreach (var old in perMinute.Keys.Where(m => m <= minute - Minutes).ToList())
        {
            perMinute.Remove(old);
        }
    }

    /// <summary>Writes <c>"heatmap":{"to_minute":M,"adapters":{"name":[60 counts, oldest first]}}</c>.</summary>
    public void Write(Utf8JsonWriter json, DateTimeOffset now)
    {
        var last = now.ToUnixTimeSeconds() / 60;
        json.WriteStartObject("heatmap");
        json.WriteNumber("to_minute", last);
        json.WriteStartObject("adapters");
        foreach (var (adapter, perMinute) in _adapters)
        {
            if (!perMinute.Keys.Any(m => m > last - Minutes))
            {
                continue;
            }

            json.WriteStartArray(adapter);
            for (var minute = last - Minutes + 1; minute <= last; minute++)
            {
                json.WriteNumberValue(perMinute.GetValueOrDefault(minute));
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }
}
