namespace Loop.Actors.Runtime;

/// <summary>The backoff supervisor's protocol, kept next to it as in Akka.</summary>
public sealed partial class BackoffSupervisor
{
    /// <summary>Asks for the current child; the reply is <see cref="CurrentChild"/>.</summary>
    public sealed class GetCurrentChild
    {
        private GetCurrentChild()
        {
        }

        /// <summary>Gets the single instance.</summary>
        public static GetCurrentChild Instance { get; } = new();
    }

    /// <summary>Asks for the restart count; the reply is <see cref="RestartCount"/>.</summary>
    public sealed class GetRestartCount
    {
        private GetRestartCount()
        {
        }

        /// <summary>Gets the single instance.</summary>
        public static GetRestartCount Instance { get; } = new();
    }

    /// <summary>Resets the restart count to 0 by hand.</summary>
    public sealed class Reset
    {
        private Reset()
        {
        }

        /// <summary>Gets the single instance.</summary>
        public static Reset Instance { get; } = new();
    }

    /// <summary>The reply to <see cref="GetCurrentChild"/>.</summary>
    /// <param name="Ref">The running child, or <see langword="null"/> while it is down.</param>
    public sealed record CurrentChild(IActorRef? Ref);

    /// <summary>The reply to <see cref="GetRestartCount"/>.</summary>
    /// <param name="Count">Restarts since the last reset.</param>
    public sealed record RestartCount(int Count);

    /// <summary>Internal: the delay is over, start the child.</summary>
    internal sealed class StartChild
    {
        private StartChild()
        {
        }

        public static StartChild Instance { get; } = new();
    }
}
