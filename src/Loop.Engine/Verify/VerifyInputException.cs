namespace Loop.Engine.Verify;

/// <summary>The metrics file is missing, unreadable or not a loop metrics file (exit 2).</summary>
internal sealed class VerifyInputException(string message) : Exception(message);
