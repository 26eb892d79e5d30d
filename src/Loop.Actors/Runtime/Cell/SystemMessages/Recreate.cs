namespace Loop.Actors.Runtime;

/// <summary>Tells a failed actor to restart: PreRestart on the old instance, a fresh instance, PostRestart.</summary>
internal sealed class Recreate(Exception cause) : SystemMessage
{
    public Exception Cause { get; } = cause;
}
