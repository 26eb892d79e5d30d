namespace Loop.Engine.Cli;

/// <summary>The exit codes of <c>loop</c>: what a script can branch on.</summary>
internal enum ExitCode
{
    /// <summary>Success.</summary>
    Ok = 0,

    /// <summary>A check failed (verify, spec check) or the engine stopped on an error.</summary>
    Failed = 1,

    /// <summary>The command line or an input file was wrong; the message says what to do.</summary>
    UsageError = 2,

    /// <summary>No engine answered at the address (loop send, loop status).</summary>
    Unreachable = 3,

    /// <summary>A bug: something the engine did not expect. The stack trace goes to the log.</summary>
    InternalError = 70,
}
