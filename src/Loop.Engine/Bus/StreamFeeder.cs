namespace Loop.Engine.Bus;

/// <summary>Feeds a stream's lines to the bus: standard input (as it comes) and POST /bus bodies (acks returned in order).</summary>
internal static class StreamFeeder
{
    /// <summary>Reads standard input (or any stream) to its end; acks go to events.jsonl only.</summary>
    public static Task FeedAsync(Stream input, BusSource source, IActorRef bus, CancellationToken cancellationToken) =>
        ForEachLineAsync(input, line => bus.Tell(new BusLine(source, line, null), ActorRefs.NoSender), cancellationToken);

    /// <summary>Sends every line of a request body and returns their acks, in order (blank lines have none).</summary>
    public static async Task<IReadOnlyList<byte[]>> RequestAsync(Stream body, IActorRef bus, CancellationToken cancellationToken)
    {
        var pending = new List<Task<byte[]?>>();
        await ForEachLineAsync(body, line => pending.Add(Send(bus, line)), cancellationToken).ConfigureAwait(false);
        var acks = new List<byte[]>(pending.Count);
        foreach (var ack in pending)
        {
            if (await ack.WaitAsync(cancellationToken).ConfigureAwait(false) is { } bytes)
            {
                acks.Add(bytes);
            }
        }

        return acks;
    }

    /// <summary>Cuts the stream into lines as it arrives; a last line without its line end counts (the stream ended).</summary>
    private static async Task ForEachLineAsync(Stream input, Action<RawLine> line, CancellationToken cancellationToken)
    {
        var splitter = new LineSplitter();
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await input.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            foreach (var complete in splitter.Feed(buffer.AsSpan(0, read)))
            {
                line(complete);
            }
        }

        if (splitter.Finish() is { } last)
        {
            line(last);
        }
    }

    private static Task<byte[]?> Send(IActorRef bus, RawLine line)
    {
        var reply = new TaskCompletionSource<byte[]?>(TaskCreationOptions.RunContinuationsAsynchronously);
        bus.Tell(new BusLine(BusSource.Http, line, reply), ActorRefs.NoSender);
        return reply.Task;
    }
}
