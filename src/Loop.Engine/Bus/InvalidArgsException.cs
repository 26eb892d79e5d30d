namespace Loop.Engine.Bus;

/// <summary>A command's arguments are wrong; the message says which and how (becomes an invalid_args ack).</summary>
internal sealed class InvalidArgsException : Exception
{
    public InvalidArgsException()
    {
    }

    public InvalidArgsException(string message)
        : base(message)
    {
    }

    public InvalidArgsException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
