namespace Loop.Actors.Runtime;

/// <summary>
/// Control messages (create, restart, stop, watch, failure reports) that an actor processes before any
/// user message. Each instance is queued once: <see cref="Next"/> links it into the mailbox's lock-free list.
/// </summary>
internal abstract class SystemMessage
{
    internal SystemMessage? Next;
}
