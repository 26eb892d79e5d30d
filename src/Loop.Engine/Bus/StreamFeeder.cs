namespace Loop.Engine.Bus;

/// <summary>Feeds a stream's lines to the bus: standard input (as it comes) and POST /bus bodies (acks returned in order).</summary>
internal static class StreamFeeder
{
    /// <summary>Reads standard input (or any stream) to its end; acks go to events.jsonl only.</summary>
    public static async Task FeedAsync(Stream input, BusSource source, IActorRef bus, CancellationToken cancellationToken)
    {
        var splitter = new LineSplitter();
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await input.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            foreach (var line in splitter.Feed(buffer.AsSpan(0, read)))
            {
                bus.Tell(new BusLine(source, line, null), ActorRefs.NoSender);
            }
        }

        if (splitter.Finish() is { } last)
        {
            bus.Tell(new BusLine(source, last, null), ActorRefs.NoSender);
        }
    }

    /// <summary>Sends every line of a request body and returns their acks, in order (blank lines have none).</summary>
    public static async Task<IReadOnlyList<byte[]>> RequestAsync(Stream body, IActorRef bus, CancellationToken cancellationToken)
    {
        var splitter = new LineSplitter();
        var buffer = new byte[16 * 1024];
        var pending = new List<Task<byte[]?>>();
        int read;
        while ((read = await body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            foreach (var line in splitter.Feed(buffer.AsSpan(0, read)))
            {
                pending.Add(Send(bus, line));
            }
        }

        if (splitter.Finish() is { } last)
        {
            pending.Add(Send(bus, last));
        }

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

    private static Task<byte[]?> Send(IActorRef bus, RawLine line)
    {
        var reply = new TaskCompletionSource<byte[]?>(TaskCreationOptions.RunContinuationsAsynchronously);
        bus.Tell(new BusLine(BusSource.Http, line, reply), ActorRefs.NoSender);
        return reply.Task;
    }
}
