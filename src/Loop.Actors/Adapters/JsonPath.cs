using System.Globalization;
using System.Text.Json;

namespace Loop.Actors.Adapters;

/// <summary>
/// The small JSON path an HTTP probe's condition names: <c>$</c>, then <c>.name</c> or <c>[index]</c> steps
/// (<c>$.status</c>, <c>$.checks[0].state</c>), and the text a found value is compared with.
/// </summary>
public static class JsonPath
{
    /// <summary>Whether <paramref name="path"/> is a path this reads (checked when the spec loads).</summary>
    /// <param name="path">The path.</param>
    /// <returns>True when it is <c>$</c> followed by .name and [index] steps.</returns>
    public static bool IsValid(string path) => Steps(path) is not null;

    /// <summary>The value at <paramref name="path"/> in <paramref name="root"/>, as text, or null when there is none.</summary>
    /// <param name="root">The document's root.</param>
    /// <param name="path">The path.</param>
    /// <returns>A string's text, a number's or a literal's JSON text, or null when the path leads nowhere.</returns>
    public static string? Find(JsonElement root, string path)
    {
        var element = root;
        foreach (var step in Steps(path) ?? [])
        {
            if (step is int index)
            {
                if (element.ValueKind != JsonValueKind.Array || index >= element.GetArrayLength())
                {
                    return null;
                }

                element = element[index];
            }
            else if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty((string)step, out element))
            {
                return null;
            }
        }

        return element.ValueKind switch
        {
            JsonValueKind.String => element.GetString(),
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null => element.GetRawText(),
            _ => element.GetRawText(),
        };
    }

    /// <summary>Whether a found value's text equals the expected text (numbers compared as numbers: 1 and 1.0 agree).</summary>
    /// <param name="found">The found text, or null.</param>
    /// <param name="expected">The expected text.</param>
    /// <returns>Whether they agree.</returns>
    public static bool Matches(string? found, string expected) =>
        found is not null && (found == expected ||
            (double.TryParse(found, NumberStyles.Float, CultureInfo.InvariantCulture, out var a) && double.TryParse(expected, NumberStyles.Float, CultureInfo.InvariantCulture, out var b) && a == b));

    private static List<object>? Steps(string path)
    {
        if (!path.StartsWith('$'))
        {
            return null;
        }

        var steps = new List<object>();
        var i = 1;
        while (i < path.Length)
        {
            if (path[i] == '.')
            {
                var end = path.IndexOfAny(['.', '['], i + 1);
                end = end < 0 ? path.Length : end;
                if (end == i + 1)
                {
                    return null;
                }

                steps.Add(path[(i + 1)..end]);
                i = end;
            }
            else if (path[i] == '[')
            {
                var end = path.IndexOf(']', i);
                if (end < 0 || !int.TryParse(path.AsSpan(i + 1, end - i - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                {
                    return null;
                }

                steps.Add(index);
                i = end + 1;
            }
            else
            {
                return null;
            }
        }

        return steps;
    }
}
