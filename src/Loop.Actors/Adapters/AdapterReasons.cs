using System.Globalization;

namespace Loop.Actors.Adapters;

/// <summary>
/// The bounded set of reasons a result is counted under (<c>resonance_adapter_results_total{reason}</c>): an
/// adapter's detail mapped to a short class, so a label never carries free text (an exception message, a URL).
/// Ok and skipped results have none (""); a timeout is <c>timeout</c>; an unknown detail is <c>other</c>.
/// </summary>
public static class AdapterReasons
{
    /// <summary>The classes an adapter may report as its detail, kept as they are.</summary>
    public static readonly IReadOnlySet<string> Classes = new HashSet<string>(StringComparer.Ordinal)
    {
        "timeout", "connect_refused", "connection_reset", "unreachable", "socket_error",
        "dns_nxdomain", "dns_error", "dns_no_answer", "tls_expired", "tls_untrusted", "tls_error",
        "assert_body", "assert_json", "assert_header", "assert_time", "assert_expect", "assert_answer",
        "connect_error", "http_error", "cannot_start", "crash", "injected", "synthetic", "other",
    };

    /// <summary>The reason class of a result.</summary>
    /// <param name="outcome">The outcome.</param>
    /// <param name="detail">The adapter's detail, or null.</param>
    /// <returns>"" for ok and skipped, else a member of <see cref="Classes"/>, <c>status_NNN</c> or <c>exit_N</c>.</returns>
    public static string Of(AdapterOutcome outcome, string? detail) => outcome switch
    {
        AdapterOutcome.Ok or AdapterOutcome.Skipped => string.Empty,
        AdapterOutcome.Timeout => "timeout",
        _ => Classify(detail),
    };

    private static string Classify(string? detail) => detail switch
    {
        null or "" => "other",
        _ when Classes.Contains(detail) => detail,
        _ when detail.StartsWith("status_", StringComparison.Ordinal) && Code(detail.AsSpan(7), 100, 599) => detail,
        _ when detail.StartsWith("HTTP ", StringComparison.Ordinal) && Code(detail.AsSpan(5), 100, 599) => "status_" + detail[5..],
        _ when detail.StartsWith("exit ", StringComparison.Ordinal) && Code(detail.AsSpan(5), 0, 255) => "exit_" + detail[5..],
        _ when detail.StartsWith("crash", StringComparison.Ordinal) => "crash",
        _ when detail.StartsWith("injected", StringComparison.Ordinal) => "injected",
        _ when detail.StartsWith("synthetic", StringComparison.Ordinal) => "synthetic",
        _ when detail.StartsWith("cannot start", StringComparison.Ordinal) => "cannot_start",
        "ConnectionError" => "connect_error",
        "NameResolutionError" => "dns_nxdomain",
        "SecureConnectionError" => "tls_error",
        _ when Enum.TryParse<System.Net.Http.HttpRequestError>(detail, out _) => "http_error",
        _ => "other",
    };

    private static bool Code(ReadOnlySpan<char> text, int min, int max) =>
        text.Length is >= 1 and <= 3 && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var code) && code >= min && code <= max;
}
