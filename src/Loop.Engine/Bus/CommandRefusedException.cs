namespace Loop.Engine.Bus;

/// <summary>A well-formed command the spec does not allow (e.g. a command adapter over the bus): acked with the error's code.</summary>
internal sealed class CommandRefusedException : Exception
{
    public CommandRefusedException()
        : this(new BusError(BusErrorCodes.Forbidden, "refused"))
    {
    }

    public CommandRefusedException(string message)
        : this(new BusError(BusErrorCodes.Forbidden, message))
    {
    }

    public CommandRefusedException(string message, Exception inner)
        : base(message, inner)
    {
        Error = new BusError(BusErrorCodes.Forbidden, message);
    }

    public CommandRefusedException(BusError error)
        : base(error.Message)
    {
        Error = error;
    }

    /// <summary>Gets the ack's error.</summary>
    public BusError Error { get; }
}
