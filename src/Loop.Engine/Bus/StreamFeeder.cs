using Akka;
using Akka.Streams;
using Akka.Streams.Dsl;

namespace Loop.Engine.Bus;

/// <summary>
/// Feeds a stream's lines into the bus's intake: standard input (as it comes) and POST /bus bodies
/// (acks handed back in order, as they come). A line is read from the stream only once the intake took
/// the one before, so a flood waits in its socket, and what the engine holds for it is its acks.
/// </summary>
internal static class StreamFeeder
{
    /// <summary>At most this many lines of one request wait for their acks; reading the body waits beyond it.</summary>
    internal const int MaxAwaitedAcks = 1024;

    /// <summary>Reads standard input (or any stream) to its end; acks go to events.jsonl only.</summary>
    public static async Task FeedAsync(Stream input, BusSource source, Sink<BusLine, NotUsed> intake, IMaterializer materializer, CancellationToken cancellationToken)
    {
        var queue = Source.Queue<BusLine>(16, OverflowStrategy.Backpressure).To(intake).Run(materializer);
        try
        {
            await ForEachLineAsync(input, line => Offer(queue, new BusLine(source, line, null)), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            queue.Complete();
        }
    }

    /// <summary>
    /// Sends every line of a request body and writes their acks, in order (blank lines have none), each as
    /// soon as it and those before it are there.
    /// </summary>
    public static async Task RequestAsync(Stream body, Sink<BusLine, NotUsed> intake, IMaterializer materializer, Func<byte[], ValueTask> writeAck, CancellationToken cancellationToken)
    {
        var queue = Source.Queue<BusLine>(16, OverflowStrategy.Backpressure).To(intake).Run(materializer);
        var awaited = new Queue<Task<byte[]?>>();
        try
        {
            await ForEachLineAsync(
                body,
                async line =>
                {
                    var reply = new TaskCompletionSource<byte[]?>(TaskCreationOptions.RunContinuationsAsynchronously);
                    await Offer(queue, new BusLine(BusSource.Http, line, reply)).ConfigureAwait(false);
                    awaited.Enqueue(reply.Task);
                    while (awaited.TryPeek(out var oldest) && (oldest.IsCompleted || awaited.Count > MaxAwaitedAcks))
                    {
                        await WriteAsync(awaited.Dequeue(), writeAck, cancellationToken).ConfigureAwait(false);
                    }
                },
                cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            queue.Complete();
        }

        while (awaited.TryDequeue(out var ack))
        {
            await WriteAsync(ack, writeAck, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task WriteAsync(Task<byte[]?> ack, Func<byte[], ValueTask> writeAck, CancellationToken cancellationToken)
    {
        if (await ack.WaitAsync(cancellationToken).ConfigureAwait(false) is { } bytes)
        {
            await writeAck(bytes).ConfigureAwait(false);
        }
    }

    private static async Task Offer(ISourceQueueWithComplete<BusLine> queue, BusLine line)
    {
        if (await queue.OfferAsync(line).ConfigureAwait(false) is not QueueOfferResult.Enqueued)
        {
            throw new OperationCanceledException("the bus's intake is closed (the engine is stopping)");
        }
    }

    /// <summary>Cuts the stream into lines as it arrives; a last line without its line end counts (the stream ended).</summary>
    private static async Task ForEachLineAsync(Stream input, Func<RawLine, Task> line, CancellationToken cancellationToken)
    {
        var splitter = new LineSplitter();
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await input.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            foreach (var complete in splitter.Feed(buffer.AsSpan(0, read)))
            {
                await line(complete).ConfigureAwait(false);
            }
        }

        if (splitter.Finish() is { } last)
        {
            await line(last).ConfigureAwait(false);
        }
    }
}
