namespace Loop.Engine.Output;

/// <summary>
/// An actor that owns one <see cref="LineFile"/> (metrics.csv, events.jsonl): writes lines to it, answers
/// <see cref="Flush"/>, says on the event stream when the file's health changes or lines are dropped
/// (<see cref="OutputHealth"/>), and closes it when it stops.
/// </summary>
internal abstract class LineFileWriter : ReceiveActor
{
    private readonly LineFile _file;

    protected LineFileWriter(LineFile file)
    {
        _file = file;
        Receive<Flush>(_ =>
        {
            FlushLines();
            Sender.Tell(Flush.Instance, Self);
        });
    }

    /// <inheritdoc />
    protected override void PostStop() => _file.Dispose();

    /// <summary>Adds a line (without its line end); it is written at the next <see cref="FlushLines"/>, or at once when it rolls the file.</summary>
    protected void WriteLine(ReadOnlySpan<byte> utf8) => Report(_file.Append(utf8));

    /// <summary>Writes the lines added since the last flush.</summary>
    protected void FlushLines() => Report(_file.Flush());

    private void Report(OutputHealth? health)
    {
        if (health is not null)
        {
            Context.System.EventStream.Publish(health);
        }
    }
}
