namespace Loop.Actors.Runtime;

/// <summary>Stops the actor: children first, then PostStop, then watchers and parent are told.</summary>
internal sealed class Terminate : SystemMessage
{
}
