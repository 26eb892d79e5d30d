using System.Globalization;
using System.Text.RegularExpressions;

namespace Loop.Engine.Spec;

/// <summary>Parses spec durations: a number with a unit, ms, s, m or h (250ms, 1s, 1.5s, 4m, 1h).</summary>
internal static partial class Durations
{
    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = default;
        var match = DurationPattern().Match(text.Trim());
        if (!match.Success || !double.TryParse(match.Groups["n"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n))
        {
            return false;
        }

        var ms = match.Groups["u"].Value switch
        {
            "ms" => n,
            "s" => n * 1000,
            "m" => n * 60_000,
            _ => n * 3_600_000,
        };
        if (ms > TimeSpan.MaxValue.TotalMilliseconds / 2)
        {
            return false;
        }

        duration = TimeSpan.FromMilliseconds(ms);
        return true;
    }

    public static string Format(TimeSpan duration) => duration.TotalMilliseconds switch
    {
        var ms when ms % 3_600_000 == 0 && ms > 0 => (ms / 3_600_000).ToString(CultureInfo.InvariantCulture) + "h",
        var ms when ms % 60_000 == 0 && ms > 0 => (ms / 60_000).ToString(CultureInfo.InvariantCulture) + "m",
        var ms when ms % 1000 == 0 && ms > 0 => (ms / 1000).ToString(CultureInfo.InvariantCulture) + "s",
        var ms => ms.ToString(CultureInfo.InvariantCulture) + "ms",
    };

    [GeneratedRegex(@"^(?<n>-?[0-9]+(\.[0-9]+)?)\s*(?<u>ms|s|m|h)$")]
    private static partial Regex DurationPattern();
}
