using System.Buffers;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Loop.Exporter.Endpoint;

/// <summary>
/// <c>GET /live</c>: the engine's live feed as Server-Sent Events (<c>text/event-stream</c>), one
/// <c>data:</c> line per frame, flushed at once. A browser's EventSource reconnects by itself after
/// <c>retry</c> ms; a client that reads too slowly loses the oldest frames (the feed drops them), never
/// the engine's memory.
/// </summary>
internal static class LiveRequest
{
    private static readonly byte[] Preamble = Encoding.UTF8.GetBytes("retry: 2000\n\n");

    public static async Task HandleAsync(HttpContext context, EndpointOptions options)
    {
        if (options.Live is null)
        {
            await BusRequest.Refuse(context, StatusCodes.Status404NotFound, "no_live", "this engine has no live feed").ConfigureAwait(false);
            return;
        }

        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers["X-Accel-Buffering"] = "no"; // a proxy in front must not hold frames back
        var output = context.Response.BodyWriter;
        await output.WriteAsync(Preamble, context.RequestAborted).ConfigureAwait(false);
        try
        {
            await foreach (var frame in options.Live(context.RequestAborted).ConfigureAwait(false))
            {
                output.Write("data: "u8);
                output.Write(frame.Span);
                output.Write("\n\n"u8);
                await output.FlushAsync(context.RequestAborted).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // the page went away
        }
    }
}
