namespace Loop.Actors.Runtime;

/// <summary>
/// Published on the event stream when an actor fails or a lifecycle hook throws, so a host can log it
/// (the runtime itself depends on the BCL only and has no logger).
/// </summary>
/// <param name="Source">The path of the actor concerned.</param>
/// <param name="Message">What happened and what the runtime did about it.</param>
/// <param name="Cause">The exception, when there is one.</param>
public sealed record ActorError(string Source, string Message, Exception? Cause);
