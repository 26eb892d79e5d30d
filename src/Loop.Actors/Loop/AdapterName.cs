using System.Text.RegularExpressions;

namespace Loop.Actors.Loop;

/// <summary>
/// What an adapter may be called: a letter or digit, then letters, digits, '_', '.' and '-', at most 64 in all. Valid as
/// an actor's name and a cluster's entity id, so a name from a bus line is checked before it is routed anywhere.
/// </summary>
public static partial class AdapterName
{
    /// <summary>Whether <paramref name="name"/> may name an adapter.</summary>
    /// <param name="name">The name.</param>
    /// <returns>True when it may.</returns>
    public static bool IsValid(string name) => Pattern().IsMatch(name);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")]
    private static partial Regex Pattern();
}
