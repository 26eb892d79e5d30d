namespace Loop.Actors.Runtime;

/// <summary>
/// Keeps messages aside to process them later, in their original order (Akka's <c>IStash</c>).
/// Stashed messages survive a restart (they go back to the front of the mailbox) and go to dead
/// letters when the actor stops.
/// </summary>
public interface IStash
{
    /// <summary>Stashes the message being processed.</summary>
    void Stash();

    /// <summary>Puts the oldest stashed message back at the front of the mailbox.</summary>
    void Unstash();

    /// <summary>Puts every stashed message back at the front of the mailbox, oldest first.</summary>
    void UnstashAll();
}
