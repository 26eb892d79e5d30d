namespace Loop.Actors.Runtime;

/// <summary>Tells a failed actor to go on with its state as it is.</summary>
internal sealed class Resume(Exception cause) : SystemMessage
{
    public Exception Cause { get; } = cause;
}
