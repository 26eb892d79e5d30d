namespace Loop.Engine.Bus;

/// <summary>A command the bus has taken, waiting for its turn to be acked (acks leave in the order lines came).</summary>
internal sealed class PendingCommand(BusLine line, ParsedCommand command)
{
    public BusLine Line { get; } = line;

    public ParsedCommand Command { get; } = command;

    /// <summary>Gets a value indicating whether the command only reads (status): never deduplicated, nothing to journal but a file line's offset.</summary>
    public bool ReadOnly { get; } = CommandCatalog.IsReadOnly(command.Cmd);

    /// <summary>Gets or sets what the loop is to answer: nothing (ready now), a ControlReply, or a LoopStatus.</summary>
    public PendingReply Awaits { get; set; }

    public bool Duplicate { get; set; }

    public BusError? Error { get; set; }

    public object? Result { get; set; }

    public bool Ready => Awaits == PendingReply.None;

    /// <summary>Gets or sets where it is with the journal: not asked, being written, written.</summary>
    public JournalStep Journal { get; set; }

    /// <summary>Gets or sets its ack as built when it was sent to the journal (the journal keeps the same bytes).</summary>
    public byte[]? Ack { get; set; }

    /// <summary>Gets or sets its journal sequence once written; 0 when it is not journaled.</summary>
    public long Sequence { get; set; }

    /// <summary>Gets or sets a value indicating whether its journal write failed (applied already: the writer keeps it and writes it once the journal is back).</summary>
    public bool JournalPending { get; set; }
}
