using System.Net;

namespace Loop.Actors.Adapters;

/// <summary>
/// Maps an HTTP status to an outcome, as the source documents' retry policy does: 2xx ok; 4xx
/// rejected (permanent: retrying a bad request does not help), except 408 and 429 which are
/// transient; 5xx (502, 503, 504 gateway timeouts included) error.
/// </summary>
public static class HttpOutcomeClassifier
{
    /// <summary>Classifies <paramref name="status"/>.</summary>
    /// <param name="status">The response status.</param>
    /// <param name="expectStatus">The status that counts as ok, or null for any 2xx.</param>
    /// <returns>The outcome and, unless ok, a detail naming the status.</returns>
    public static AdapterCallResult Classify(HttpStatusCode status, int? expectStatus = null)
    {
        var code = (int)status;
        if (expectStatus is { } expected ? code == expected : code is >= 200 and < 300)
        {
            return AdapterCallResult.Ok;
        }

        return new AdapterCallResult(FailureOf(code), "HTTP " + code.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>The outcome of a status that did not count as ok: rejected for 4xx but 408 and 429, error otherwise.</summary>
    /// <param name="code">The status code.</param>
    /// <returns>Rejected or error.</returns>
    public static AdapterOutcome FailureOf(int code) => code switch
    {
        408 or 429 => AdapterOutcome.Error,
        >= 400 and < 500 => AdapterOutcome.Rejected,
        _ => AdapterOutcome.Error,
    };
}
