namespace Loop.Actors.Runtime;

/// <summary>Makes the actor that processes it fail with <see cref="ActorKilledException"/> (stopped by the default strategy).</summary>
public sealed class Kill
{
    private Kill()
    {
    }

    /// <summary>Gets the single instance.</summary>
    public static Kill Instance { get; } = new();
}
