namespace Loop.Engine.Cli;

/// <summary>An error the user caused and can fix: printed as one line, without a stack trace.</summary>
internal sealed class LoopCliException(string message, ExitCode exitCode = ExitCode.UsageError) : Exception(message)
{
    public ExitCode ExitCode { get; } = exitCode;
}
