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
    /// <summary>Reads standard input (or any stream) to its end; acks go to events.jsonl only.</summary>
    public static Task FeedAsync(Stream input, BusSource source, Sink<BusLine, NotUsed> intake, IMaterializer materializer, CancellationToken cancellationToken) =>
        OfferLinesAsync(input, intake, materializer, line => new BusLine(source, line, null), static () => Task.CompletedTask, cancellationToken);

    /// <summary>
    /// Sends every line of a request body and hands back their acks, in order (blank lines have none),
    /// each as soon as it and those before it are there.
    /// </summary>
    public static async Task RequestAsync(Stream body, Sink<BusLine, NotUsed> intake, IMaterializer materializer, Func<byte[], ValueTask> writeAck, CancellationToken cancellationToken)
    {
        // The bus holds back while 1,024 commands wait in it, so the acks awaited here stay as few.
        var awaited = new Queue<Task<byte[]?>>();
        await OfferLinesAsync(
            body,
            intake,
            materializer,
            line =>
            {
                var reply = new TaskCompletionSource<byte[]?>(TaskCreationOptions.RunContinuationsAsynchronously);
                awaited.Enqueue(reply.Task);
                return new BusLine(BusSource.Http, line, reply);
            },
            async () =>
            {
                while (awaited.TryPeek(out var oldest) && oldest.IsCompleted)
                {
                    await WriteAsync(awaited.Dequeue(), writeAck, cancellationToken).ConfigureAwait(false);
                }
            },
            cancellationToken).ConfigureAwait(false);

        while (awaited.TryDequeue(out var ack))
        {
            await WriteAsync(ack, writeAck, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Offers each line of <paramref name="input"/> to the intake as it arrives, waiting while the intake is full.</summary>
    private static async Task OfferLinesAsync(
        Stream input, Sink<BusLine, NotUsed> intake, IMaterializer materializer, Func<RawLine, BusLine> toBusLine, Func<Task> afterEach, CancellationToken cancellationToken)
    {
        var queue = Source.Queue<BusLine>(16, OverflowStrategy.Backpressure).To(intake).Run(materializer);
        try
        {
            await ForEachLineAsync(
                input,
                async line =>
                {
                    if (await queue.OfferAsync(toBusLine(line)).ConfigureAwait(false) is not QueueOfferResult.Enqueued)
                    {
                        throw new OperationCanceledException("the bus's intake is closed (the engine is stopping)");
                    }

                    await afterEach().ConfigureAwait(false);
                },
                cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            queue.Complete();
        }
    }

    private static async Task WriteAsync(Task<byte[]?> ack, Func<byte[], ValueTask> writeAck, CancellationToken cancellationToken)
    {
        if (await ack.WaitAsync(cancellationToken).ConfigureAwait(false) is { } bytes)
        {
            await writeAck(bytes).ConfigureAwait(false);
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
