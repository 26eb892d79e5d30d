using System.Text.RegularExpressions;

namespace Loop.Actors.Adapters;

/// <summary>
/// What an HTTP probe's answer must hold, as Gatus' conditions do: a status in a set, text or a pattern in the
/// body, values at JSON paths, a header, a response time. Every condition must hold; the first that fails names
/// the call's reason (<c>status_503</c>, <c>assert_body</c>, <c>assert_json</c>, <c>assert_header</c>, <c>assert_time</c>).
/// </summary>
public sealed record HttpExpectations
{
    /// <summary>Gets the statuses that count as ok; empty: any 2xx.</summary>
    public IReadOnlyList<int> Status { get; init; } = [];

    /// <summary>Gets text the body must contain, or null.</summary>
    public string? BodyContains { get; init; }

    /// <summary>Gets a pattern the body must match (compiled with a 100 ms match timeout: a probe never hangs on one), or null.</summary>
    public Regex? BodyRegex { get; init; }

    /// <summary>Gets JSON paths (<c>$.a.b[0]</c>) and the text of the value each must have (a string's text, a number, true, false, null).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Json { get; init; } = [];

    /// <summary>Gets a header the answer must carry, or null.</summary>
    public string? Header { get; init; }

    /// <summary>Gets the slowest an answer may be (headers and body), or null.</summary>
    public TimeSpan? MaxTime { get; init; }

    /// <summary>Gets a value indicating whether the body must be read for a condition.</summary>
    public bool NeedsBody => BodyContains is not null || BodyRegex is not null || Json.Count > 0;
}
