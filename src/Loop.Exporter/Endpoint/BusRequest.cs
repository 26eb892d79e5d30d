using System.Buffers;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace Loop.Exporter.Endpoint;

/// <summary>
/// <c>POST /bus</c>: who may send commands, and the reply. Without a token only loopback callers are
/// served (403 for others); with one, every caller must send <c>Authorization: Bearer &lt;token&gt;</c>
/// (401 otherwise), compared in constant time. Browsers are kept out by <see cref="BrowserGuard"/> (403/415).
/// Until the bus is ready the answer is 503 with <c>Retry-After</c>, never an empty 200. The reply is one
/// ack per command, <c>application/x-ndjson</c>; a refusal is one line of JSON,
/// <c>{"error":{"code":..,"message":..}}</c>.
/// </summary>
internal static class BusRequest
{
    /// <summary>The largest body taken (a batch of commands, each at most 64 KiB).</summary>
    public const long MaxBodyBytes = 16 * 1024 * 1024;

    /// <summary>How much of a reply's acks waits in memory before the rest waits in a temporary file.</summary>
    private const int AcksKeptInMemory = 256 * 1024;

    private static readonly ReadOnlyMemory<byte> NewLine = "\n"u8.ToArray();

    public static async Task HandleAsync(HttpContext context, EndpointOptions options)
    {
        if (options.Bus is null)
        {
            await Refuse(context, StatusCodes.Status404NotFound, "no_bus", "this engine has no command bus").ConfigureAwait(false);
            return;
        }

        if (options.Token is null)
        {
            if (context.Connection.RemoteIpAddress is not { } remote || !IPAddress.IsLoopback(remote))
            {
                await Refuse(context, StatusCodes.Status403Forbidden, "forbidden_remote", "the bus takes commands from loopback callers only; set exporter.token to allow others").ConfigureAwait(false);
                return;
            }
        }
        else if (!Authorized(context.Request.Headers.Authorization.ToString(), options.Token))
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await Refuse(context, StatusCodes.Status401Unauthorized, "unauthorized", "missing or wrong token: send Authorization: Bearer <exporter.token>").ConfigureAwait(false);
            return;
        }

        if (BrowserGuard.Check(context.Request, options) is { } refusal)
        {
            await Refuse(context, refusal.Status, refusal.Code, refusal.Message).ConfigureAwait(false);
            return;
        }

        if (!options.BusReady())
        {
            context.Response.Headers.RetryAfter = "1";
            await Refuse(context, StatusCodes.Status503ServiceUnavailable, "starting", "the engine is starting and its bus is not ready yet; retry in a second").ConfigureAwait(false);
            return;
        }

        if (context.Request.ContentLength > MaxBodyBytes)
        {
            await Refuse(context, StatusCodes.Status413PayloadTooLarge, "too_large", $"a request takes at most {MaxBodyBytes / (1024 * 1024)} MiB of commands; send several").ConfigureAwait(false);
            return;
        }

        // Acks are written as they come but sent once the whole body is read: most clients (HttpClient,
        // Python's requests) read the reply only after sending the body, and a flush that waits for them
        // would stop this side reading it: both would wait forever. The acks of a 16 MiB body are ~25 MB,
        // so past 256 KiB they wait in a temporary file, not in the engine's memory.
        context.Response.ContentType = "application/x-ndjson";
        await using var acks = new FileBufferingWriteStream(AcksKeptInMemory);
        await options.Bus(
            context.Request.Body,
            ack => WriteAckAsync(acks, ack, context.RequestAborted),
            context.RequestAborted).ConfigureAwait(false);
        await acks.DrainBufferAsync(context.Response.BodyWriter, context.RequestAborted).ConfigureAwait(false);
        await context.Response.BodyWriter.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    private static async ValueTask WriteAckAsync(FileBufferingWriteStream acks, byte[] ack, CancellationToken cancellationToken)
    {
        await acks.WriteAsync(ack, cancellationToken).ConfigureAwait(false);
        await acks.WriteAsync(NewLine, cancellationToken).ConfigureAwait(false);
    }

    private static bool Authorized(string header, string token)
    {
        const string Scheme = "Bearer ";
        if (!header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        // Constant time over the token's bytes: a wrong guess takes as long as a near one.
        var given = Encoding.UTF8.GetBytes(header[Scheme.Length..].Trim());
        var expected = Encoding.UTF8.GetBytes(token);
        return CryptographicOperations.FixedTimeEquals(SHA256.HashData(given), SHA256.HashData(expected));
    }

    /// <summary>One line of JSON: what was refused and what to do (the status code says the class).</summary>
    internal static async Task Refuse(HttpContext context, int status, string code, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        using (var json = new System.Text.Json.Utf8JsonWriter(context.Response.BodyWriter))
        {
            json.WriteStartObject();
            json.WriteStartObject("error");
            json.WriteString("code", code);
            json.WriteString("message", message);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        context.Response.BodyWriter.Write("\n"u8);
        await context.Response.BodyWriter.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }
}
