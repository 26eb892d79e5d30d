namespace Loop.Actors.Runtime;

/// <summary>Runs the actor's constructor and PreStart.</summary>
internal sealed class Create : SystemMessage
{
}
