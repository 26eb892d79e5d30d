namespace Loop.Load.Scenarios;

/// <summary>
/// What one call of a scenario or step came to, as in NBomber: ok or fail, a status code (any text:
/// "200", "timeout", "ack_error"), the bytes it moved and, for a failure, why.
/// </summary>
/// <param name="IsOk">Whether the call counts as ok.</param>
/// <param name="StatusCode">The status the report counts calls by; empty when there is none.</param>
/// <param name="SizeBytes">Bytes received (and sent, if the step counts them).</param>
/// <param name="Message">Why a failed call failed; null for an ok one.</param>
public readonly record struct Response(bool IsOk, string StatusCode, long SizeBytes, string? Message)
{
    /// <summary>An ok call.</summary>
    /// <param name="statusCode">The status to count it under.</param>
    /// <param name="sizeBytes">Bytes it moved.</param>
    /// <returns>The response.</returns>
    public static Response Ok(string statusCode = "", long sizeBytes = 0) => new(true, statusCode, sizeBytes, null);

    /// <summary>A failed call.</summary>
    /// <param name="statusCode">The status to count it under ("500", "timeout").</param>
    /// <param name="message">Why it failed.</param>
    /// <param name="sizeBytes">Bytes it moved.</param>
    /// <returns>The response.</returns>
    public static Response Fail(string statusCode = "", string? message = null, long sizeBytes = 0) => new(false, statusCode, sizeBytes, message);
}
