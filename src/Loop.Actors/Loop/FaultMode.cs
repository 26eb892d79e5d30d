namespace Loop.Actors.Loop;

/// <summary>What an injected fault makes an adapter's call do (rehearsals, as in the source documents' 504 drills).</summary>
public enum FaultMode
{
    /// <summary>The call hangs until it is cut at the tick's deadline: a timeout.</summary>
    Timeout,

    /// <summary>The call returns a transient error, as an upstream 504 Gateway Timeout.</summary>
    Error,

    /// <summary>The adapter throws: the actor crashes and its supervisor backs off.</summary>
    Crash,
}
