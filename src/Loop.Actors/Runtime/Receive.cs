namespace Loop.Actors.Runtime;

/// <summary>An actor behaviour: handles a message and says whether it did.</summary>
/// <param name="message">The message.</param>
/// <returns><see langword="true"/> when handled; otherwise the message is unhandled.</returns>
public delegate bool Receive(object message);
