using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Loop.Actors.Adapters;

/// <summary>Judges an HTTP answer by its <see cref="HttpExpectations"/>: the first condition that fails names the reason.</summary>
public static class HttpConditions
{
    /// <summary>The most of a body read for its conditions; past it, the body is judged on what was read.</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    /// <summary>Reads what the conditions need and judges <paramref name="response"/>.</summary>
    /// <param name="response">The answer (headers read).</param>
    /// <param name="expect">The conditions.</param>
    /// <param name="started">When the request started (Stopwatch timestamp), for the time condition.</param>
    /// <param name="cancellationToken">The call's token.</param>
    /// <returns>Ok, or the outcome of the first condition that failed, with its reason class.</returns>
    public static async Task<AdapterCallResult> JudgeAsync(HttpResponseMessage response, HttpExpectations expect, long started, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(expect);
        string? body = null;
        if (expect.NeedsBody)
        {
            body = await ReadBodyAsync(response.Content, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await response.Content.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        var code = (int)response.StatusCode;
        if (expect.Status.Count > 0 ? !expect.Status.Contains(code) : code is < 200 or >= 300)
        {
            return new AdapterCallResult(HttpOutcomeClassifier.FailureOf(code), "status_" + code.ToString(CultureInfo.InvariantCulture));
        }

        if (expect.Header is { } header && !response.Headers.Contains(header) && !response.Content.Headers.Contains(header))
        {
            return Failed("assert_header");
        }

        if (expect.BodyContains is { } text && !body!.Contains(text, StringComparison.Ordinal))
        {
            return Failed("assert_body");
        }

        if (expect.BodyRegex is { } pattern && !Matches(pattern, body!))
        {
            return Failed("assert_body");
        }

        if (expect.Json.Count > 0 && !JsonHolds(body!, expect.Json))
        {
            return Failed("assert_json");
        }

        return expect.MaxTime is { } max && elapsed > max ? Failed("assert_time") : AdapterCallResult.Ok;
    }

    private static AdapterCallResult Failed(string reason) => new(AdapterOutcome.Error, reason);

    private static bool Matches(Regex pattern, string body)
    {
        try
        {
            return pattern.IsMatch(body);
        }
        catch (RegexMatchTimeoutException)
        {
            return false; // a pattern that takes longer than its timeout on this body does not match it
        }
    }

    private static bool JsonHolds(string body, IReadOnlyList<KeyValuePair<string, string>> conditions)
    {
        try
        {
            using var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 64 });
            return conditions.All(c => JsonPath.Matches(JsonPath.Find(document.RootElement, c.Key), c.Value));
        }
        catch (JsonException)
        {
            return false; // not JSON: no path holds
        }
    }

    private static async Task<string> ReadBodyAsync(HttpContent content, CancellationToken cancellationToken)
    {
        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            // pooled: 10,000 probes with a body condition must not each allocate a megabyte
            var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(MaxBodyBytes);
            try
            {
                var filled = 0;
                int read;
                while (filled < MaxBodyBytes && (read = await stream.ReadAsync(buffer.AsMemory(filled, MaxBodyBytes - filled), cancellationToken).ConfigureAwait(false)) > 0)
                {
                    filled += read;
                }

                // the rest, unread, would stay on the connection: drain it so the connection can be reused
                await stream.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
                return Encoding.UTF8.GetString(buffer, 0, filled);
            }
            finally
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }
}
