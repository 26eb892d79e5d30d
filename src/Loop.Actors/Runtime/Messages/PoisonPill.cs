namespace Loop.Actors.Runtime;

/// <summary>Stops the actor that processes it, after the messages queued before it (Akka's <c>PoisonPill</c>).</summary>
public sealed class PoisonPill
{
    private PoisonPill()
    {
    }

    /// <summary>Gets the single instance.</summary>
    public static PoisonPill Instance { get; } = new();
}
