namespace Loop.Actors.Runtime;

/// <summary>What a supervisor does with a failed child (Akka's <c>Directive</c>).</summary>
public enum Directive
{
    /// <summary>Go on with the same instance and its state; the failing message is dropped.</summary>
    Resume,

    /// <summary>Replace the instance with a fresh one; the mailbox and its messages are kept.</summary>
    Restart,

    /// <summary>Stop the child (its children first).</summary>
    Stop,

    /// <summary>Fail the supervisor itself with the same exception, so its own supervisor decides.</summary>
    Escalate,
}
