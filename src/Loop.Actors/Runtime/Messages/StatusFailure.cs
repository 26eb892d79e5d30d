namespace Loop.Actors.Runtime;

/// <summary>A reply that reports a failure; an <c>Ask</c> receiving it fails with <paramref name="Cause"/>.</summary>
/// <param name="Cause">What went wrong.</param>
public sealed record StatusFailure(Exception Cause);
