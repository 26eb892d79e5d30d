using System.Globalization;

namespace Loop.Engine.Output;

/// <summary>
/// The one timestamp format of every file a run writes (metrics.csv ts, events.jsonl ts, engine.log ts):
/// UTC, ISO 8601, milliseconds, a Z suffix.
/// </summary>
internal static class UtcTimestamp
{
    public static string Format(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
}
